// Reads of a held line whose bytes the transaction wrote only in part
// (every load size at every offset, over random sets of written bytes,
// with the entry keeping one word or a line buffer) return the written
// bytes from the redo buffer and the others from memory: the word blend of
// a partly written word and the byte loop agree with a reference model.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// RUN: %clang %rt_asan_cflags %s -o %t.asan %rt_asan_lib && %t.asan 2>&1 | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static _Alignas(64) unsigned char line[64];
static unsigned char model[64];
static uint64_t rng = 88172645463325252ull;
static long checked, wrong;

static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static void expect(const void *got, unsigned off, unsigned n) {
  checked++;
  if (memcmp(got, &model[off], n)) {
    if (wrong++ < 5)
      printf("wrong: %u bytes at offset %u\n", n, off);
  }
}

// One round: memory gets a fresh pattern, the block writes some bytes of
// one word (words > 1: of several words, which moves the entry to a line
// buffer), then reads the line every way.
static uint32_t body(struct __ame_tx *tx, void *ctx) {
  unsigned words = *(unsigned *)ctx;
  unsigned first = (unsigned)(next() % (9 - words)) * 8;
  for (unsigned w = 0; w < words; w++) {
    uint64_t which = next() & 0xFF;
    if (!which)
      which = 1;
    for (unsigned b = 0; b < 8; b++)
      if (which >> b & 1) {
        unsigned char v = (unsigned char)next();
        __ame_store_1(tx, &line[first + 8 * w + b], v, NULL);
        model[first + 8 * w + b] = v;
      }
  }
  for (unsigned off = 0; off < 64; off++) {
    unsigned char b1 = __ame_load_1(tx, &line[off], NULL);
    expect(&b1, off, 1);
    if (off + 2 <= 64) {
      uint16_t v = __ame_load_2(tx, &line[off], NULL);
      expect(&v, off, 2);
    }
    if (off + 4 <= 64) {
      uint32_t v = __ame_load_4(tx, &line[off], NULL);
      expect(&v, off, 4);
    }
    if (off + 8 <= 64) {
      uint64_t v = __ame_load_8(tx, &line[off], NULL);
      expect(&v, off, 8);
    }
    for (unsigned n = 3; n <= 16 && off + n <= 64; n += 2) {
      unsigned char v[16];
      __ame_load_bytes(tx, v, &line[off], n, NULL);
      expect(v, off, n);
    }
  }
  return 0;
}

int main(void) {
  for (int round = 0; round < 3000; round++) {
    for (unsigned i = 0; i < 64; i++)
      line[i] = model[i] = (unsigned char)next();
    unsigned words = 1 + (unsigned)(round % 3);
    __ame_run(NULL, (void *)body, &words);
    if (memcmp(line, model, 64) && wrong++ < 5)
      printf("wrong after commit in round %d\n", round);
  }
  // CHECK: checked {{[0-9]+}} reads, 0 wrong
  printf("checked %ld reads, %ld wrong\n", checked, wrong);
  return 0;
}
