// An aborted attempt leaves memory as if it never ran, and the retry commits.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

#include "Inputs/doom.h"

static _Alignas(64) uint64_t y[8], z[8];
static int attempt;

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  attempt++;
  printf("attempt %d sees y=%llu z=%llu in memory\n", attempt,
         (unsigned long long)y[0], (unsigned long long)z[0]);
  uint64_t seen = __ame_load_8(tx, &x, NULL);
  __ame_store_8(tx, &y[0], 100 + seen, NULL);
  __ame_store_8(tx, &z[0], 200 + seen, NULL);
  if (attempt == 1) {
    doom_reader_of_x();
  }
  return 0; // commit validates x and fails on the first attempt
}

int main(void) {
  __ame_run(NULL, (void *)body, NULL);
  printf("x=%llu y=%llu z=%llu\n", (unsigned long long)x,
         (unsigned long long)y[0], (unsigned long long)z[0]);
  struct ame_stats s;
  ame_stats_thread(&s);
  printf("validation aborts %llu\n",
         (unsigned long long)s.aborts[AME_ABORT_VALIDATION]);
  return 0;
}
// CHECK: attempt 1 sees y=0 z=0 in memory
// CHECK-NEXT: attempt 2 sees y=0 z=0 in memory
// CHECK-NEXT: x=1 y=101 z=201
// CHECK-NEXT: validation aborts 1
