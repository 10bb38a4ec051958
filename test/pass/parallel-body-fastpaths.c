// The body of ame_parallel_for and a task of ame_queue_add run as atomic
// blocks of their own: the runtime calls their clones through the clone map,
// yet their barriers get the inline fast paths like a region's, not the
// out-of-line calls of clones that serve only other modules and pointers
// (fastpath-cold-clones-outlined.ll). A function whose address is only
// stored somewhere keeps the calls. (Without write slots, so that the
// increments keep a store barrier.)
// RUN: %ame_clang -O2 -mllvm -ame-write-slots=false -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>

long totals[64];
long (*saved)(long);

static void body(size_t i, void *ctx) {
  (void)ctx;
  totals[i % 64] += (long)i;
}

static void task(void *arg) { totals[0] += (long)arg; }

static long elsewhere(long x) { return totals[x & 63]; }

void run(struct ame_queue *q) {
  ame_parallel_for(0, 1000, body, NULL, 0);
  ame_queue_add(q, task, (void *)1);
  saved = elsewhere;
}

// CHECK-LABEL: define internal void @body.ame.tx(
// CHECK-NOT: call {{.*}}@__ame_store_8(
// CHECK: call {{.*}}@__ame_load_for_write_8(
// CHECK-NOT: call {{.*}}@__ame_store_8(
// CHECK: ret void
// CHECK-LABEL: define internal void @task.ame.tx(
// CHECK-NOT: call {{.*}}@__ame_store_8(
// CHECK: ret void
// CHECK-LABEL: define internal {{.*}}@elsewhere.ame.tx(
// CHECK: call {{.*}}@__ame_load_8(
// CHECK: attributes {{.*}}"ame-outline-barriers"
