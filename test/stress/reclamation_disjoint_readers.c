// Reclamation progresses while other threads run transactions on other data.
//
// Commits do not move the version clock, and a freed block is reclaimed once
// every running transaction started at or after the freeing commit's
// timestamp; so the commit that frees must move the clock itself, or a
// thread that keeps running transactions on data nobody else writes (its
// snapshot never needs to move) would keep every freed block in limbo
// forever. One thread replaces a block in each of its transactions and frees
// the old one; two others keep committing transactions on lines of their
// own. A round of 20000 replacements must bring a quarter of its blocks to
// free() before it ends; up to 3 rounds are tried, since a thread preempted
// inside a transaction holds reclamation up meanwhile (without the clock
// move, a round frees well under 5%).
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: reclamation beside disjoint readers: a quarter of a round freed

#include "Inputs/stress.h"

enum { REPLACES = 20000, OTHERS = 2 };

void __libc_free(void *);
static atomic_long freed;
void free(void *p) {
  if (p)
    atomic_fetch_add_explicit(&freed, 1, memory_order_relaxed);
  __libc_free(p);
}

static _Alignas(64) uint64_t slot[8];
static _Alignas(64) uint64_t own[OTHERS][8];
static atomic_int replacer_done;
static atomic_long other_commits;

static uint32_t replace_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  void *old = LDP(tx, &slot[0]);
  uint64_t *fresh = __ame_malloc(tx, 64);
  ST(tx, fresh, 1);
  ST(tx, &slot[0], (uintptr_t)fresh);
  __ame_free(tx, old);
  return 0;
}

static uint32_t own_body(struct __ame_tx *tx, void *ctx) {
  uint64_t *w = ctx;
  ST(tx, w, LD(tx, w) + 1);
  return 0;
}

static void *other(void *arg) {
  uint64_t *w = own[(uintptr_t)arg];
  while (!atomic_load_explicit(&replacer_done, memory_order_acquire)) {
    STRESS_RUN(own_body, w);
    atomic_fetch_add_explicit(&other_commits, 1, memory_order_relaxed);
  }
  return NULL;
}

int main(void) {
  slot[0] = (uintptr_t)malloc(64);
  pthread_t t[OTHERS];
  for (uintptr_t i = 0; i < OTHERS; i++)
    pthread_create(&t[i], NULL, other, (void *)i);
  /* Let the others start transactions before the first free. */
  while (atomic_load(&other_commits) < 1000)
    sched_yield();
  long reached = 0;
  for (int round = 0; round < 3 && reached < REPLACES / 4; round++) {
    long before = atomic_load(&freed);
    for (int i = 0; i < REPLACES; i++)
      STRESS_RUN(replace_body, NULL);
    reached = atomic_load(&freed) - before;
  }
  atomic_store_explicit(&replacer_done, 1, memory_order_release);
  for (int i = 0; i < OTHERS; i++)
    pthread_join(t[i], NULL);
  STRESS_CHECK(reached >= REPLACES / 4,
               "only %ld of %d replaced blocks reached free() in the best round",
               reached, REPLACES);
  printf("reclamation beside disjoint readers: a quarter of a round freed\n");
  return 0;
}
