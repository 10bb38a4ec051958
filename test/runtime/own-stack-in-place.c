// Writes to the attempt's own stack frames go to memory at once without logging, while writes to the caller's frame (through the context) are logged and appear only at commit.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

static __attribute__((noinline)) void fill(struct __ame_tx *tx, uint64_t *p,
                                           int n) {
  for (int i = 0; i < n; i++)
    __ame_store_8(tx, &p[i], (uint64_t)i * 3, NULL);
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  uint64_t *callers = ctx;
  volatile uint64_t local[32] = {0}; // this attempt's frame
  fill(tx, (uint64_t *)local, 32);
  fill(tx, callers, 4);
  printf("local in memory %llu, caller's in memory %llu\n",
         (unsigned long long)local[31], (unsigned long long)callers[3]);
  printf("read back %llu %llu\n",
         (unsigned long long)__ame_load_8(tx, (uint64_t *)&local[31], NULL),
         (unsigned long long)__ame_load_8(tx, &callers[3], NULL));
  return 0;
}

int main(void) {
  _Alignas(64) uint64_t mine[8] = {0};
  __ame_run(NULL, (void *)body, mine);
  struct ame_stats s;
  ame_stats_thread(&s);
  printf("after commit %llu, write log %llu lines\n",
         (unsigned long long)mine[3], (unsigned long long)s.max_write_log);
  return 0;
}
// CHECK: local in memory 93, caller's in memory 0
// CHECK-NEXT: read back 93 9
// CHECK-NEXT: after commit 9, write log 1 lines
