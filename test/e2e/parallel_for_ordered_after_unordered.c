// An ordered loop commits in index order also on workers whose last block was a short unordered one: attempt start learns that a block is ordered from the block, not from what the worker's last block left behind (runtime/tx.c, AME__X_AGAIN).
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t | FileCheck %s
//
// CHECK: workers 2: 40 rounds, 0 out of order
// CHECK-NEXT: workers 4: 40 rounds, 0 out of order

#include <ame.h>

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

enum { ITERS = 8, ROUNDS = 40, SLOTS = 64 };

static uint64_t slots[SLOTS];
static size_t order[ITERS];
static size_t committed;

/* A short block: one store, nothing the next attempt start must reset. */
static void mark(size_t i, void *ctx) {
  (void)ctx;
  /* Slow enough that every worker takes some. */
  volatile uint64_t spin = 0;
  for (unsigned k = 0; k < 2000u; k++)
    spin += k;
  slots[i % SLOTS] = i;
}

/* Even iterations are slow, so that a worker's first ordered block would
 * commit before the one at its turn if it did not wait for it. */
static void append(size_t i, void *ctx) {
  (void)ctx;
  volatile uint64_t spin = 0;
  for (unsigned k = 0; k < (i % 2 ? 0u : 20000u); k++)
    spin += k;
  size_t n = committed;
  if (n < ITERS)
    order[n] = i;
  committed = n + 1;
}

int main(void) {
  /* Blocks committed out of turn leave the loop's turn behind them: the
   * next ordered block would wait forever. */
  alarm(60);
  for (unsigned w = 2; w <= 4; w *= 2) {
    ame_set_workers(w);
    int bad = 0;
    for (int r = 0; r < ROUNDS; r++) {
      ame_parallel_for(0, 4 * SLOTS, mark, NULL, 0);
      committed = 0;
      ame_parallel_for(0, ITERS, append, NULL, AME_ORDERED);
      int ok = committed == ITERS;
      for (size_t i = 0; ok && i < ITERS; i++)
        ok = order[i] == i;
      bad += !ok;
    }
    printf("workers %u: %d rounds, %d out of order\n", w, ROUNDS, bad);
  }
  return 0;
}
