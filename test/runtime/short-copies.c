// memcpy and memmove of at most a line (the short path: a piece per line read into a buffer, then stored a piece per line) copy exactly the transaction's view of memory: overlapping either way, within a line or across two, over lines held by a word, held by a line buffer, not held yet, or locked in place by an inevitable transaction; read back in the transaction, written back at commit, dropped when the attempt aborts.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// RUN: %clang %rt_asan_cflags %s -o %t.asan %rt_asan_lib && %t.asan 2>&1 | FileCheck %s
// CHECK: committed: 300 of 300 trials exact, 300 read back exact
// CHECK-NEXT: inevitable: 100 of 100 trials exact, 100 read back exact
// CHECK-NEXT: aborted then committed: 40 of 40 trials exact, first attempts left memory alone: 40
#include <ame.h>

enum { LINES = 6, OPS = 24, TRIALS = 300, INEVITABLE_TRIALS = 100,
       ABORT_TRIALS = 40 };

#include "Inputs/view-trials.h"

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

int main(void) {
  report_trials("committed", TRIALS, 0, 0);
  report_trials("inevitable", INEVITABLE_TRIALS, 0, 1);
  report_trials(NULL, ABORT_TRIALS, 1, 0);
  return 0;
}
