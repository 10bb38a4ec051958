// Allocation: a transaction allocates and fills 200 MB without logging it.
//
// One transaction allocates 200 blocks of 1 MB with __ame_malloc, fills every
// word, reads it all back, and publishes the blocks in a shared array. Memory a
// transaction allocated is written in place, so the write log holds only the
// lines of the shared array, however much is allocated; the transaction
// commits in one attempt, and the data is in memory afterwards. A second
// transaction frees every block.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: allocation: 200 MB in 1 attempt, write log of {{[0-9]+}} lines

#include "Inputs/stress.h"

enum { NBLOCKS = 200, BLOCK_WORDS = (1 << 20) / 8, MAX_LOGGED_LINES = 64 };

static _Alignas(64) uint64_t *blocks[NBLOCKS];

static uint64_t value(int b, size_t i) {
  return (uint64_t)b * 0x9E3779B97F4A7C15ULL + i;
}

struct job {
  int attempts;
  uint64_t sum;
};

static uint32_t fill_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  ++j->attempts;
  for (int b = 0; b < NBLOCKS; ++b) {
    uint64_t *p = __ame_malloc(tx, BLOCK_WORDS * sizeof(uint64_t));
    for (size_t i = 0; i < BLOCK_WORDS; ++i)
      ST(tx, &p[i], value(b, i));
    ST(tx, &blocks[b], (uintptr_t)p);
  }
  uint64_t s = 0;
  for (int b = 0; b < NBLOCKS; ++b) {
    uint64_t *p = LDP(tx, &blocks[b]);
    for (size_t i = 0; i < BLOCK_WORDS; ++i)
      s += LD(tx, &p[i]);
  }
  j->sum = s;
  return 0;
}

static uint32_t free_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (int b = 0; b < NBLOCKS; ++b) {
    __ame_free(tx, LDP(tx, &blocks[b]));
    ST(tx, &blocks[b], 0);
  }
  return 0;
}

int main(void) {
  struct job j = {0, 0};
  double t0 = stress_now();
  STRESS_RUN(fill_body, &j);
  double t1 = stress_now();
  struct ame_stats s;
  ame_stats_thread(&s);

  uint64_t expect = 0;
  for (int b = 0; b < NBLOCKS; ++b)
    for (size_t i = 0; i < BLOCK_WORDS; ++i) {
      STRESS_CHECK(blocks[b][i] == value(b, i),
                   "after commit block %d word %zu = %#llx, expected %#llx", b,
                   i, (unsigned long long)blocks[b][i],
                   (unsigned long long)value(b, i));
      expect += value(b, i);
    }
  STRESS_CHECK(j.sum == expect, "read back %#llx inside, expected %#llx",
               (unsigned long long)j.sum, (unsigned long long)expect);
  STRESS_CHECK(j.attempts == 1, "a lone transaction took %d attempts",
               j.attempts);
  STRESS_CHECK(s.max_alloc_bytes >= (uint64_t)NBLOCKS << 20,
               "stats show %llu bytes allocated, expected at least %d MB",
               (unsigned long long)s.max_alloc_bytes, NBLOCKS);
  STRESS_CHECK(s.max_write_log <= MAX_LOGGED_LINES,
               "write log of %llu lines: writes to memory the transaction "
               "allocated were logged",
               (unsigned long long)s.max_write_log);
  STRESS_RUN(free_body, NULL);
  printf("%.2f s\n", t1 - t0);
  printf("allocation: %d MB in %d attempt, write log of %llu lines\n", NBLOCKS,
         j.attempts, (unsigned long long)s.max_write_log);
  return 0;
}
