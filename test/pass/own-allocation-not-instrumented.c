// Loads and stores at constant offsets inside a block the transaction itself allocated (malloc, calloc, aligned_alloc of a constant size, in the same function) need no barrier: the runtime holds such memory in place until commit and no other thread can reach it before. Accesses it cannot bound at compile time (a variable index, past the size, a variable-size block) keep theirs, behind a range check at run time (own-allocation-range-checked.ll). At 2 threads, nodes built that way and linked into a shared list under contention are all there, with their values.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 -g -c -o /dev/null -Rpass-analysis='^ame$' %s 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_cc -O2 %s -o %t && %t | FileCheck %s
#include <ame.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
  long value;
  long square;
  struct node *next;
};

static struct node *head;
static long inserted;

// IR-LABEL: define internal {{.*}}@push.ame.region(
// IR: call {{.*}}ptr @__ame_malloc(ptr {{.*}}, i64 24)
// IR-NOT: call void @__ame_store_8(ptr {{[^,]*}}, ptr %{{[^,]*}}, i64 %{{.*}}, ptr @.ame.site{{[.0-9]*}})
// IR: ret i32
__attribute__((noinline)) void push(long v) {
  ame_atomic {
    struct node *n = malloc(sizeof *n);
    // REMARK: [[@LINE+1]]:14: remark: store to memory this transaction allocated is not instrumented
    n->value = v;
    n->square = v * v;
    n->next = head;
    head = n;
    inserted++;
  }
}

// IR-LABEL: define internal {{.*}}@variable.ame.region(
// IR: call {{.*}}ptr @__ame_calloc(
// IR: call void @__ame_store_8(
// IR: ret i32
__attribute__((noinline)) long *variable(long n, long i) {
  long *a;
  ame_atomic {
    a = calloc((size_t)n, sizeof *a);
    a[i] = 1; // a variable index: kept, behind a range check
  }
  return a;
}

static void *work(void *arg) {
  for (long i = 0; i < 20000; i++)
    push((long)arg * 100000 + i);
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, work, (void *)(i + 1));
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  long count = 0, bad = 0;
  for (struct node *n = head; n; n = n->next, count++)
    bad += n->square != n->value * n->value;
  // CHECK: nodes 40000 of 40000, bad 0
  printf("nodes %ld of %ld, bad %ld\n", count, inserted, bad);
  long *a = variable(4, 2);
  // CHECK-NEXT: variable 0 0 1 0
  printf("variable %ld %ld %ld %ld\n", a[0], a[1], a[2], a[3]);
  return 0;
}
