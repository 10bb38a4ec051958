// A store of bytes that is the first write of its line (a vectorized loop's 16- or 32-byte store, a small copy) keeps exactly its bytes: read back in the transaction, merged with later stores to the line, written back at commit, and dropped when the attempt aborts.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// RUN: %clang %rt_asan_cflags %s -o %t.asan %rt_asan_lib && %t.asan 2>&1 | FileCheck %s
// CHECK: committed: 400 of 400 trials exact, 400 read back exact
// CHECK-NEXT: aborted then committed: 40 of 40 trials exact, first attempts left memory alone: 40
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>
#include <string.h>

#include "Inputs/doom.h"

enum { LINES = 16, TRIALS = 400, ABORT_TRIALS = 40 };

static _Alignas(64) unsigned char mem[LINES * 64];
static unsigned char expect[LINES * 64];
static uint64_t trial_seed;
static int doom_first, attempt, read_back_ok, untouched_at_retry;

static uint64_t next(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static unsigned char before(int i) { return (unsigned char)(0x33 ^ i); }

// Applies to view (the transaction's picture of mem) and issues through tx
// the same stores: per line a first store of 1..64 bytes at any offset that
// stays in the line, then, on half the lines, an 8-byte store to one of its
// words or a second store of bytes (word-held bytes moved to a buffer, a
// buffer's mask grown).
static void stores(struct __ame_tx *tx, unsigned char *view, int salt) {
  uint64_t rng = trial_seed;
  for (int l = 0; l < LINES; l++) {
    unsigned char *line = &mem[l * 64], *vline = &view[l * 64];
    unsigned n = 1 + (unsigned)(next(&rng) % 64);
    unsigned off = (unsigned)(next(&rng) % (65 - n));
    unsigned char src[64];
    for (unsigned i = 0; i < n; i++)
      src[i] = (unsigned char)(salt + 7 * i + l);
    __ame_store_bytes(tx, line + off, src, n, NULL);
    memcpy(vline + off, src, n);
    switch (next(&rng) % 4) {
    case 0: {
      unsigned word = (unsigned)(next(&rng) % 8);
      uint64_t v = next(&rng) ^ (uint64_t)salt;
      __ame_store_8(tx, line + 8 * word, v, NULL);
      memcpy(vline + 8 * word, &v, 8);
      break;
    }
    case 1: {
      unsigned n2 = 1 + (unsigned)(next(&rng) % 64);
      unsigned off2 = (unsigned)(next(&rng) % (65 - n2));
      for (unsigned i = 0; i < n2; i++)
        src[i] = (unsigned char)(salt ^ (3 * i + 0x80));
      __ame_store_bytes(tx, line + off2, src, n2, NULL);
      memcpy(vline + off2, src, n2);
      break;
    }
    default:
      break;
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
  stores(tx, view, doomed ? 0x55 : 0xa0);
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
// attempt stored over what was there before.
static int run_trials(int trials, int doom, int *read_back, int *untouched) {
  uint64_t rng = 0x9E3779B97F4A7C15ull + (uint64_t)doom;
  int exact = 0;
  *read_back = *untouched = 0;
  for (int t = 0; t < trials; t++) {
    for (int i = 0; i < (int)sizeof mem; i++)
      mem[i] = expect[i] = before(i);
    trial_seed = next(&rng);
    doom_first = doom;
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
  int exact = run_trials(TRIALS, 0, &read_back, &untouched);
  printf("committed: %d of %d trials exact, %d read back exact\n", exact,
         TRIALS, read_back);
  exact = run_trials(ABORT_TRIALS, 1, &read_back, &untouched);
  printf("aborted then committed: %d of %d trials exact, first attempts left "
         "memory alone: %d\n",
         exact, ABORT_TRIALS, untouched);
  return 0;
}
