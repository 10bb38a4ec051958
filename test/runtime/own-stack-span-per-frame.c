// The attempt's own stack ends at the frame of the block's own runtime call: a block run from a deeper frame than the block before it logs its writes to the frames in between (its callers'), although the previous block's own stack covered them.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

static uint64_t shallow_target, seen_in_memory;

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  uint64_t *p = ctx;
  __ame_store_8(tx, p, 7, NULL);
  seen_in_memory = *(volatile uint64_t *)p; /* logged: still 0 here */
  return 0;
}

/* A frame far below main's: its array lies where the first block's own
 * frames were. */
static __attribute__((noinline)) void deeper(void) {
  _Alignas(64) volatile uint64_t callers[1024] = {0};
  __ame_run(NULL, (void *)body, (void *)&callers[0]);
  printf("deeper: in memory during the block %llu, after commit %llu\n",
         (unsigned long long)seen_in_memory,
         (unsigned long long)callers[0]);
}

int main(void) {
  for (int i = 0; i < 3; i++) {
    shallow_target = 0;
    __ame_run(NULL, (void *)body, &shallow_target);
  }
  printf("shallow: in memory during the block %llu, after commit %llu\n",
         (unsigned long long)seen_in_memory,
         (unsigned long long)shallow_target);
  deeper();
  deeper();
  return 0;
}
// CHECK: shallow: in memory during the block 0, after commit 7
// CHECK-NEXT: deeper: in memory during the block 0, after commit 7
// CHECK-NEXT: deeper: in memory during the block 0, after commit 7
