// The rare paths of inlined read barriers (__ame_slow_load_*) and the barriers behind a failed range check are called through internal preserve_most wrappers, so the hot path keeps its values in registers across them; the first write of a line (__ame_slow_store) keeps the C convention; -O0 and -ame-cold-barrier-calls=false keep plain calls; the program still computes the same results when the slow paths run.
// RUN: %ame_cc -O2 -fno-vectorize -fno-slp-vectorize -S -emit-llvm %s -o - | FileCheck %s
// RUN: %ame_cc -O2 -fno-vectorize -fno-slp-vectorize -mllvm -ame-cold-barrier-calls=false -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OFF
// RUN: %ame_cc -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OFF
// RUN: %ame_cc -O2 -Rpass-analysis=ame -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_cc -O2 %s -o %t && %t | FileCheck %s --check-prefix=EXEC
#include <ame.h>
#include <stdio.h>
#include <stdlib.h>

// Packed: some of the longs cross a line, so their reads take the slow path.
struct __attribute__((packed)) cell {
  char pad[4];
  long v;
};

long sum(const struct cell *p, long n) {
  long s = 0;
  ame_atomic {
    for (long i = 0; i < n; i++)
      s += p[i].v;
  }
  return s;
}

void bump(struct cell *p, long n) {
  ame_atomic {
    for (long i = 0; i < n; i++)
      p[i].v += 1;
  }
}

// A store at an index the block computes into a block it allocates:
// range-checked (the load beside it, through inbounds offsets, runs plainly).
long squares(const int *idx, long n) {
  long s = 0;
  ame_atomic {
    long *b = malloc(64 * sizeof *b);
    for (long i = 0; i < 64; i++)
      b[i] = i * i;
    for (long i = 0; i < n; i++)
      s += b[idx[i]]++;
    free(b);
  }
  return s;
}

// CHECK-LABEL: define {{.*}}@sum.ame.region
// CHECK: call preserve_mostcc i64 @__ame_slow_load_v8.ame.cold(
// CHECK-LABEL: define {{.*}}@bump.ame.region
// CHECK: call void @__ame_slow_store_v8(
// CHECK-LABEL: define {{.*}}@squares.ame.region
// CHECK: call preserve_mostcc void @__ame_store_8.ame.cold(
// CHECK-LABEL: define internal preserve_mostcc void @__ame_store_8.ame.cold(
// CHECK-NEXT: call void @__ame_store_8(
// CHECK-LABEL: define internal preserve_mostcc i64 @__ame_slow_load_v8.ame.cold(
// CHECK-SAME: #[[COLD:[0-9]+]]
// CHECK-NEXT: call i64 @__ame_slow_load_v8(
// CHECK: attributes #[[COLD]] = { cold noinline nounwind }

// OFF-NOT: preserve_mostcc
// OFF-NOT: .ame.cold

// REMARK: remark: {{.*}} rare barrier paths keep the caller's registers (preserve_most): sum

static struct cell data[1000];
static int idx[100];

int main(void) {
  for (int i = 0; i < 1000; i++)
    data[i].v = i;
  bump(data, 1000);
  for (int i = 0; i < 100; i++)
    idx[i] = i % 64;
  printf("sum %ld squares %ld\n", sum(data, 1000), squares(idx, 100));
  return 0;
}
// EXEC: sum 500500 squares 100290
