// A store of bytes that is the first write of its line (a vectorized loop's 16- or 32-byte store, a small copy) keeps exactly its bytes: read back in the transaction, merged with later stores to the line, written back at commit, and dropped when the attempt aborts.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// RUN: %clang %rt_asan_cflags %s -o %t.asan %rt_asan_lib && %t.asan 2>&1 | FileCheck %s
// CHECK: committed: 400 of 400 trials exact, 400 read back exact
// CHECK-NEXT: aborted then committed: 40 of 40 trials exact, first attempts left memory alone: 40
#include <ame.h>

enum { LINES = 16, TRIALS = 400, ABORT_TRIALS = 40 };

#include "Inputs/view-trials.h"

static unsigned char before(int i) { return (unsigned char)(0x33 ^ i); }

// Applies to view (the transaction's picture of mem) and issues through tx
// the same stores: per line a first store of 1..64 bytes at any offset that
// stays in the line, then, on half the lines, an 8-byte store to one of its
// words or a second store of bytes (word-held bytes moved to a buffer, a
// buffer's mask grown).
static void operations(struct __ame_tx *tx, unsigned char *view, int salt) {
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

int main(void) {
  report_trials("committed", TRIALS, 0, 0);
  report_trials(NULL, ABORT_TRIALS, 1, 0);
  return 0;
}
