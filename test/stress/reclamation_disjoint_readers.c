// Reclamation progresses while other threads run transactions on other data.
//
// Commits do not move the version clock, and a freed block is reclaimed once
// every running transaction started at or after the freeing commit's
// timestamp; so the commit that frees must move the clock itself, or a
// thread that keeps running transactions on data nobody else writes (its
// snapshot never needs to move) would keep every freed block in limbo
// forever. A second thread stays inside a transaction on a line of its own
// while the main thread replaces and frees 200 blocks, one per transaction
// (all kept: that transaction is older). It then commits and stays inside a
// new one, started after those frees; 400 more replacements must bring the
// 199 of those blocks that were freed (the last stays in use until the next
// replacement) back to the allocator, and none of them may get there
// before (without the clock move: none of them ever does). Back to the
// allocator means free(), or a later allocation of the thread that handed
// the block out again (alloc.c keeps small reclaimed blocks for that), or
// the thread's ring of reclaimed blocks not sorted for reuse yet (alloc.c).
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: first blocks freed beside a newer transaction: 199 of 199

#include "Inputs/stress.h"
#include "internal.h"

#include <malloc.h>

enum { FIRST = 200, MORE = 400 };
#define FIRST_TAG 0x4649525354000000ull /* "FIRST" */

/* The tag is in a block's second word: a block kept for reuse holds a
 * link in its first. A counted block loses its tag, so that memory handed
 * out again after free() is not counted twice. */
void __libc_free(void *);
static atomic_long first_freed;
void free(void *p) {
  if (p && malloc_usable_size(p) >= 16 && ((uint64_t *)p)[1] == FIRST_TAG) {
    ((uint64_t *)p)[1] = 0;
    atomic_fetch_add_explicit(&first_freed, 1, memory_order_relaxed);
  }
  __libc_free(p);
}

static _Alignas(64) uint64_t slot[8];
static _Alignas(64) uint64_t own[8];
/* The other thread sets 1, then 2, when it is inside its first, then its
 * second transaction; the main thread sets GO_ON to let it commit the first,
 * and FINISH to let it commit the second. */
enum { GO_ON = 10, FINISH = 11 };
static atomic_int stage;

static uint32_t replace_body(struct __ame_tx *tx, void *ctx) {
  void *old = LDP(tx, &slot[0]);
  uint64_t *fresh = __ame_malloc(tx, 64);
  /* Its own block, written in place: a plain read sees what it holds. */
  if (fresh[1] == FIRST_TAG)
    atomic_fetch_add_explicit(&first_freed, 1, memory_order_relaxed);
  ST(tx, fresh + 1, (uint64_t)(uintptr_t)ctx);
  ST(tx, &slot[0], (uintptr_t)fresh);
  __ame_free(tx, old);
  return 0;
}

/* Tagged blocks reclaimed but still waiting in the thread's ring. */
static uint32_t count_ring_body(struct __ame_tx *tx, void *ctx) {
  long *n = ctx;
  *n = 0;
  for (unsigned i = 0; i < AME__UNSORTED; i++) {
    const uint64_t *b = tx->unsorted[i];
    *n += b && b[1] == FIRST_TAG;
  }
  return 0;
}

/* Stays inside until stage moves past the value it was entered with. */
static uint32_t parked_body(struct __ame_tx *tx, void *ctx) {
  int entered = (int)(intptr_t)ctx;
  ST(tx, &own[0], LD(tx, &own[0]) + 1);
  atomic_store(&stage, entered);
  while (atomic_load(&stage) == entered)
    sched_yield();
  return 0;
}

static void *other(void *arg) {
  (void)arg;
  STRESS_RUN(parked_body, (void *)(intptr_t)1);
  STRESS_RUN(parked_body, (void *)(intptr_t)2);
  return NULL;
}

static void wait_stage(int s) {
  while (atomic_load(&stage) != s)
    sched_yield();
}

int main(void) {
  uint64_t *initial = calloc(8, sizeof *initial);
  slot[0] = (uintptr_t)initial;
  pthread_t t;
  pthread_create(&t, NULL, other, NULL);
  wait_stage(1);
  for (int i = 0; i < FIRST; i++)
    STRESS_RUN(replace_body, (void *)(uintptr_t)FIRST_TAG);
  long early = atomic_load(&first_freed);
  atomic_store(&stage, GO_ON);
  wait_stage(2);
  for (int i = 0; i < MORE; i++)
    STRESS_RUN(replace_body, NULL);
  long in_ring;
  STRESS_RUN(count_ring_body, &in_ring);
  long reached = atomic_load(&first_freed) + in_ring;
  atomic_store(&stage, FINISH);
  pthread_join(t, NULL);
  STRESS_CHECK(early == 0,
               "%ld blocks freed while an older transaction was running",
               early);
  /* The last tagged block was still in the slot when the newer transaction
   * started. */
  STRESS_CHECK(reached == FIRST - 1,
               "only %ld of %d blocks freed before the newer transaction "
               "started went back to the allocator",
               reached, FIRST - 1);
  printf("first blocks freed beside a newer transaction: %ld of %d\n", reached,
         FIRST - 1);
  return 0;
}
