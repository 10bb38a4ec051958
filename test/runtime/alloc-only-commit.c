// A transaction whose only extra work is allocating or freeing commits on the
// short path (commit.c, ame__commit_blocks): it still releases the lines it
// allocated, counts as an update (unless it freed what it allocated), and
// leaves nothing for the next transaction: its allocated bytes are counted
// from zero again.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>
#include <stdlib.h>

#include "Inputs/tx_alloc.h"
#include "ame_testing.h"

static uint64_t lock_word(const void *a) {
  return *(volatile uint64_t *)(uintptr_t)(AME_SHADOW_BASE +
                                           (((uintptr_t)a >> AME_SHADOW_SHIFT) &
                                            AME_SHADOW_MASK));
}

static uint32_t alloc_and_free_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  void *p = __ame_malloc(tx, 64);
  __ame_store_8(tx, p, 1, NULL);
  __ame_free(tx, p);
  return 0;
}

static uint32_t write_body(struct __ame_tx *tx, void *ctx) {
  uint64_t *p = ctx;
  __ame_store_8(tx, &p[0], __ame_load_8(tx, &p[0], NULL) + 1, NULL);
  __ame_store_8(tx, &p[8], __ame_load_8(tx, &p[8], NULL) + 2, NULL);
  return 0;
}

static uint32_t empty_body(struct __ame_tx *tx, void *ctx) {
  (void)tx, (void)ctx;
  return 0;
}

int main(void) {
  // The thread's first commit takes the general path (it counts attempts).
  __ame_run(NULL, (void *)empty_body, NULL);
  uint64_t *p = tx_alloc(128); // two lines
  // CHECK: lines released: 1 1, update: 1
  printf("lines released: %d %d, update: %d\n", !(lock_word(p) & 1),
         !(lock_word(p + 8) & 1), !ame_testing_last_was_read_only());

  // The released lines are anybody's: a transaction writes them at once.
  struct ame_stats before, after;
  ame_stats_thread(&before);
  __ame_run(NULL, (void *)write_body, p);
  ame_stats_thread(&after);
  // CHECK-NEXT: written: 1 2, aborts: 0
  unsigned long long aborts = 0;
  for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
    aborts += after.aborts[i] - before.aborts[i];
  printf("written: %llu %llu, aborts: %llu\n", (unsigned long long)p[0],
         (unsigned long long)p[8], aborts);

  // Allocated bytes are counted per transaction: 128 then 64, not 192.
  void *q = tx_alloc(64);
  ame_stats_thread(&after);
  // CHECK-NEXT: max bytes allocated by one transaction: 128
  printf("max bytes allocated by one transaction: %llu\n",
         (unsigned long long)after.max_alloc_bytes);

  // A block allocated and freed by the same transaction leaves nothing to
  // publish: the commit is read-only.
  __ame_run(NULL, (void *)alloc_and_free_body, NULL);
  // CHECK-NEXT: own block freed: read-only 1
  printf("own block freed: read-only %d\n", ame_testing_last_was_read_only());

  tx_free(q);
  // CHECK-NEXT: free: update 1
  printf("free: update %d\n", !ame_testing_last_was_read_only());
  tx_free(p);
  return 0;
}
