// Nested atomic blocks join the outermost: same descriptor, inner writes are part of the outer transaction, an inner abort restarts the outer block.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

#include "Inputs/doom.h"

static _Alignas(64) uint64_t a[8], b[8];
static int outer_runs, inner_runs;
static struct __ame_tx *outer_tx;

static uint32_t inner(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  inner_runs++;
  printf("inner: same tx %d, in transaction %d\n", tx == outer_tx,
         ame_in_transaction());
  __ame_store_8(tx, &b[0], __ame_load_8(tx, &a[0], NULL) + 1, NULL);
  if (inner_runs == 1) {
    // Make the inner block's read of x stale, then read a newer line.
    __ame_load_8(tx, &x, NULL);
    doom_reader_of_x();
    __ame_load_8(tx, &x, NULL); // newer than the snapshot, and x changed: abort
  }
  return 42;
}

static uint32_t outer(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  outer_runs++;
  outer_tx = tx;
  __ame_store_8(tx, &a[0], 5, NULL);
  uint32_t r = __ame_run(NULL, (void *)inner, NULL);
  printf("outer: inner returned %u, b=%llu, memory b=%llu\n", r,
         (unsigned long long)__ame_load_8(tx, &b[0], NULL), (unsigned long long)b[0]);
  return 0;
}

int main(void) {
  printf("outside: in transaction %d\n", ame_in_transaction());
  __ame_run(NULL, (void *)outer, NULL);
  printf("outer runs %d, inner runs %d, a=%llu b=%llu\n", outer_runs,
         inner_runs, (unsigned long long)a[0], (unsigned long long)b[0]);
  struct ame_stats s;
  ame_stats_thread(&s);
  printf("commits %llu\n", (unsigned long long)s.commits);
  return 0;
}
// CHECK: outside: in transaction 0
// CHECK-NEXT: inner: same tx 1, in transaction 1
// CHECK-NEXT: inner: same tx 1, in transaction 1
// CHECK-NEXT: outer: inner returned 42, b=6, memory b=0
// CHECK-NEXT: outer runs 2, inner runs 2, a=5 b=6
// CHECK-NEXT: commits 1
