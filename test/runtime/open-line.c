// __ame_open_line, the pass's entry for a loop's stores entering a line,
// returns a buffer standing for the line and the mask that says which of
// its bytes were written: the commit writes back exactly the bytes whose
// bits the caller ORed in, whatever else the buffer holds, and reads in the
// transaction see them. Random runs of bytes written through it, mixed with
// stores and loads through the barriers (so it also meets lines held
// through a word, which it moves to a line buffer keeping their bytes, and
// lines it holds already), over 64 lines of random bytes, against a model;
// then more lines than the first chunks of line buffers hold; then lines
// written in place: a block the transaction allocated and the attempt's
// own frame, for which it returns the line itself.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// RUN: %clang %rt_asan_cflags %s -o %t.asan %rt_asan_lib && %t.asan 2>&1 | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

// Writes len bytes at line offset off of the line at p through the buffer
// open_line gives, as the pass's code does: buffer bytes, then mask bits.
static unsigned char *write_run(struct __ame_tx *tx, unsigned char *p,
                                unsigned off, unsigned len, unsigned char *to) {
  uint64_t *mask = NULL;
  unsigned char *buf = __ame_open_line(tx, p + off, &mask, NULL);
  for (unsigned i = 0; i < len; i++)
    buf[off + i] = to[i];
  *mask |= (len == 64 ? ~0ull : (1ull << len) - 1) << off;
  return buf;
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (int step = 0; step < 3000; step++) {
    unsigned line = (unsigned)(next() % LINES), at;
    unsigned char *p = &mem[line * 64];
    switch (next() % 4) {
    case 0: { // a run through the line's buffer
      unsigned off = (unsigned)(next() % 64);
      unsigned len = 1 + (unsigned)(next() % (64 - off));
      unsigned char to[64];
      for (unsigned i = 0; i < len; i++)
        to[i] = (unsigned char)next();
      write_run(tx, p, off, len, to);
      memcpy(&model[line * 64 + off], to, len);
      break;
    }
    case 1: // a word through the store barrier
      at = line * 64 + 8 * (unsigned)(next() % 8);
      uint64_t v = next();
      __ame_store_8(tx, &mem[at], v, NULL);
      memcpy(&model[at], &v, 8);
      break;
    case 2: // a byte through the store barrier
      at = line * 64 + (unsigned)(next() % 64);
      unsigned char b = (unsigned char)next();
      __ame_store_1(tx, &mem[at], b, NULL);
      model[at] = b;
      break;
    default: // reads see the model
      at = line * 64 + 8 * (unsigned)(next() % 8);
      uint64_t got = __ame_load_8(tx, &mem[at], NULL), want;
      memcpy(&want, &model[at], 8);
      if (got != want && wrong++ < 5)
        printf("wrong read at %u in step %d\n", at, step);
    }
  }
  return 0;
}

// More lines than the first chunks of line buffers hold: each line's run
// goes to a buffer of its own across the chunks.
#define MANY 5000
static _Alignas(64) unsigned char many[MANY * 64];
static uint32_t many_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (unsigned line = 0; line < MANY; line++) {
    unsigned char to[8];
    for (unsigned i = 0; i < 8; i++)
      to[i] = (unsigned char)(line + i);
    write_run(tx, &many[line * 64], 8 + line % 40, 8, to);
  }
  return 0;
}

static unsigned char *fresh;
static int fresh_in_place, stack_in_place;

// In place: a block this transaction allocated, and this frame's array.
static uint32_t in_place_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  fresh = __ame_malloc(tx, 128);
  memset(fresh, 0, 128);
  unsigned char to[64];
  for (unsigned i = 0; i < 64; i++)
    to[i] = (unsigned char)(i + 1);
  fresh_in_place = write_run(tx, fresh + 64, 3, 20, to) == fresh + 64;
  _Alignas(64) unsigned char local[64] = {0};
  stack_in_place = write_run(tx, local, 0, 8, to) == local && local[7] == 8;
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

  __ame_run(NULL, (void *)many_body, NULL);
  long many_wrong = 0;
  for (unsigned line = 0; line < MANY; line++)
    for (unsigned b = 0; b < 64; b++) {
      unsigned at = 8 + line % 40;
      unsigned char want =
          b >= at && b < at + 8 ? (unsigned char)(line + b - at) : 0;
      many_wrong += many[line * 64 + b] != want;
    }
  // CHECK-NEXT: many lines: 0 wrong
  printf("many lines: %ld wrong\n", many_wrong);

  __ame_run(NULL, (void *)in_place_body, NULL);
  // CHECK-NEXT: allocated block in place: 1, bytes 0 1 20 0
  printf("allocated block in place: %d, bytes %d %d %d %d\n", fresh_in_place,
         fresh[64 + 2], fresh[64 + 3], fresh[64 + 22], fresh[64 + 23]);
  // CHECK-NEXT: own frame in place: 1
  printf("own frame in place: %d\n", stack_in_place);
  free(fresh);
  return 0;
}
