// Read-modify-writes along a line (a[i] += x): __ame_open_for_write_N on a
// line the transaction already holds through a line buffer returns the
// place of the bytes there, copied from memory the first time and the same
// place after, and the commit writes back exactly what was stored through
// it; bytes of a word partly written before go the general way. Every word
// of 64 lines, in random order and sizes, against a model.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// RUN: %clang %rt_asan_cflags %s -o %t.asan %rt_asan_lib && %t.asan 2>&1 | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define LINES 64
static _Alignas(64) unsigned char mem[LINES * 64];
static unsigned char model[LINES * 64];
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static long wrong;

static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (int step = 0; step < 4000; step++) {
    unsigned size = 1u << (next() % 4), at = (unsigned)(next() % (LINES * 64));
    at &= ~(size - 1);
    unsigned char *p;
    switch (size) {
    case 1: p = __ame_open_for_write_1(tx, &mem[at], NULL); break;
    case 2: p = __ame_open_for_write_2(tx, &mem[at], NULL); break;
    case 4: p = __ame_open_for_write_4(tx, &mem[at], NULL); break;
    default: p = __ame_open_for_write_8(tx, &mem[at], NULL); break;
    }
    // The place holds the bytes as the transaction sees them; add to each.
    for (unsigned i = 0; i < size; i++) {
      if (p[i] != model[at + i] && wrong++ < 5)
        printf("wrong: byte %u of %u at %u\n", i, size, at);
      p[i] = (unsigned char)(p[i] + 1 + i);
      model[at + i] = (unsigned char)(model[at + i] + 1 + i);
    }
  }
  return 0;
}

int main(void) {
  for (int round = 0; round < 20; round++) {
    for (unsigned i = 0; i < sizeof mem; i++)
      mem[i] = model[i] = (unsigned char)next();
    __ame_run(NULL, (void *)body, NULL);
    if (memcmp(mem, model, sizeof mem) && wrong++ < 5)
      printf("wrong after commit in round %d\n", round);
  }
  // CHECK: 0 wrong
  printf("%ld wrong\n", wrong);
  return 0;
}
