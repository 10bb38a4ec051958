// memcpy and memmove of at most a line (the short path: a piece per line read into a buffer, then stored a piece per line) copy exactly the transaction's view of memory: overlapping either way, within a line or across two, over lines held by a word, held by a line buffer, not held yet, or locked in place by an inevitable transaction; read back in the transaction, written back at commit, dropped when the attempt aborts.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// RUN: %clang %rt_asan_cflags %s -o %t.asan %rt_asan_lib && %t.asan 2>&1 | FileCheck %s
// CHECK: committed: 300 of 300 trials exact, 300 read back exact
// CHECK-NEXT: inevitable: 100 of 100 trials exact, 100 read back exact
// CHECK-NEXT: aborted then committed: 40 of 40 trials exact, first attempts left memory alone: 40
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>
#include <string.h>

#include "Inputs/doom.h"

enum { LINES = 6, OPS = 24, TRIALS = 300, INEVITABLE_TRIALS = 100,
       ABORT_TRIALS = 40 };

static _Alignas(64) unsigned char mem[LINES * 64];
static unsigned char expect[LINES * 64];
static uint64_t trial_seed;
static int doom_first, go_inevitable, attempt, read_back_ok,
    untouched_at_retry;

static uint64_t next(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static unsigned char before(int i) { return (unsigned char)(0x5a ^ i); }

// A random place for n bytes in mem.
static unsigned place(uint64_t *rng, unsigned n) {
  return (unsigned)(next(rng) % (sizeof mem - n + 1));
}

// Applies to view (the transaction's picture of mem) and issues through tx
// the same operations: 8-byte stores (lines held by a word), stores of bytes
// (lines with a line buffer), and copies of 1..64 bytes anywhere in mem,
// overlapping or not, over lines in any of those states or none.
static void operations(struct __ame_tx *tx, unsigned char *view, int salt) {
  uint64_t rng = trial_seed;
  for (int op = 0; op < OPS; op++) {
    switch (next(&rng) % 5) {
    case 0: {
      unsigned at = place(&rng, 8) & ~7u;
      uint64_t v = next(&rng) ^ (uint64_t)salt;
      __ame_store_8(tx, &mem[at], v, NULL);
      memcpy(&view[at], &v, 8);
      break;
    }
    case 1: {
      unsigned n = 1 + (unsigned)(next(&rng) % 40);
      unsigned at = place(&rng, n);
      unsigned char src[64];
      for (unsigned i = 0; i < n; i++)
        src[i] = (unsigned char)(salt + 11 * i + op);
      __ame_store_bytes(tx, &mem[at], src, n, NULL);
      memcpy(&view[at], src, n);
      break;
    }
    case 2: {
      // A shift by a few bytes, as an array's elements make room.
      unsigned n = 1 + (unsigned)(next(&rng) % 64);
      unsigned shift = 1 + (unsigned)(next(&rng) % 8);
      unsigned from = place(&rng, n + shift);
      unsigned to = from + shift;
      if (next(&rng) & 1) {
        unsigned t = from;
        from = to;
        to = t;
      }
      __ame_memmove(tx, &mem[to], &mem[from], n, NULL);
      memmove(&view[to], &view[from], n);
      break;
    }
    default: {
      unsigned n = 1 + (unsigned)(next(&rng) % 64);
      unsigned from = place(&rng, n), to = place(&rng, n);
      if (from < to + n && to < from + n) {
        __ame_memmove(tx, &mem[to], &mem[from], n, NULL);
        memmove(&view[to], &view[from], n);
      } else {
        __ame_memcpy(tx, &mem[to], &mem[from], n, NULL);
        memcpy(&view[to], &view[from], n);
      }
      break;
    }
    }
  }
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  attempt++;
  if (attempt == 2)
    untouched_at_retry = memcmp(mem, expect, sizeof mem) == 0;
  unsigned char view[sizeof mem];
  memcpy(view, expect, sizeof view);
  int doomed = doom_first && attempt == 1;
  if (doomed)
    (void)__ame_load_8(tx, &x, NULL);
  if (go_inevitable) {
    // Lines touched before are held through the write log, those after
    // are locked in place.
    __ame_store_8(tx, &mem[0], 0x0102030405060708ull, NULL);
    memcpy(view, &(uint64_t){0x0102030405060708ull}, 8);
    static const struct __ame_site site = {"short-copies.c", "body", 1, 1,
                                           "puts", AME_SITE_IO};
    __ame_irrevocable_v2(tx, (void *)&site);
  }
  operations(tx, view, doomed ? 0x55 : 0xa0);
  unsigned char seen[sizeof mem];
  __ame_load_bytes(tx, seen, mem, sizeof seen, NULL);
  read_back_ok = memcmp(seen, view, sizeof seen) == 0;
  if (doomed)
    doom_reader_of_x();
  else
    memcpy(expect, view, sizeof expect);
  return 0;
}

// Trials whose memory after the commit is exactly what the committed
// attempt's operations made of what was there before.
static int run_trials(int trials, int doom, int inevitable, int *read_back,
                      int *untouched) {
  uint64_t rng = 0x9E3779B97F4A7C15ull + (uint64_t)(doom + 2 * inevitable);
  int exact = 0;
  *read_back = *untouched = 0;
  for (int t = 0; t < trials; t++) {
    for (int i = 0; i < (int)sizeof mem; i++)
      mem[i] = expect[i] = before(i);
    trial_seed = next(&rng);
    doom_first = doom;
    go_inevitable = inevitable;
    attempt = 0;
    __ame_run(NULL, (void *)body, NULL);
    exact += memcmp(mem, expect, sizeof mem) == 0 && attempt == 1 + doom;
    *read_back += read_back_ok;
    *untouched += untouched_at_retry;
  }
  return exact;
}

int main(void) {
  int read_back, untouched;
  int exact = run_trials(TRIALS, 0, 0, &read_back, &untouched);
  printf("committed: %d of %d trials exact, %d read back exact\n", exact,
         TRIALS, read_back);
  exact = run_trials(INEVITABLE_TRIALS, 0, 1, &read_back, &untouched);
  printf("inevitable: %d of %d trials exact, %d read back exact\n", exact,
         INEVITABLE_TRIALS, read_back);
  exact = run_trials(ABORT_TRIALS, 1, 0, &read_back, &untouched);
  printf("aborted then committed: %d of %d trials exact, first attempts left "
         "memory alone: %d\n",
         exact, ABORT_TRIALS, untouched);
  return 0;
}
