// realloc in a transaction keeps the block when the new size fits its lines,
// and a block it must move gets a quarter more room: a buffer grown by 2
// bytes per transaction, 20 000 times, moves a few dozen times (it moved at
// every call, copying the whole buffer each time: quadratic, 4 s for 100 000
// steps where glibc's in-place realloc took 4 ms), and keeps every byte.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

#define STEPS 20000

static char *buf;
static size_t len;

static uint32_t append(struct __ame_tx *tx, void *ctx) {
  char *p = __ame_realloc(tx, buf, len + 2);
  __ame_store_1(tx, p + len, 'a' + len / 2 % 26, NULL);
  __ame_store_1(tx, p + len + 1, 'A' + len / 2 % 26, NULL);
  *(int *)ctx = p != buf;
  buf = p;
  len += 2;
  return 0;
}

/* In one transaction: a block this transaction allocated grows and shrinks
 * inside its line in place, and moves (keeping its bytes) past it. */
static uint32_t own_block(struct __ame_tx *tx, void *ctx) {
  int *out = ctx;
  char *p = __ame_malloc(tx, 10);
  for (int i = 0; i < 10; i++)
    __ame_store_1(tx, p + i, (uint8_t)i, NULL);
  char *q = __ame_realloc(tx, p, 60);
  out[0] = q == p;
  q = __ame_realloc(tx, q, 5);
  out[1] = q == p;
  char *r = __ame_realloc(tx, q, 200);
  int kept = 1;
  for (int i = 0; i < 5; i++)
    kept &= __ame_load_1(tx, r + i, NULL) == (uint8_t)i;
  out[2] = r != p && kept;
  __ame_free(tx, r);
  return 0;
}

int main(void) {
  int moves = 0;
  for (int i = 0; i < STEPS; i++) {
    int moved = 0;
    __ame_run(NULL, (void *)append, &moved);
    moves += moved;
  }
  int bad = 0;
  for (size_t i = 0; i < len; i += 2)
    bad += buf[i] != 'a' + i / 2 % 26 || buf[i + 1] != 'A' + i / 2 % 26;
  // CHECK: 40000 bytes, 0 wrong, moved at most 64 times: yes
  printf("%zu bytes, %d wrong, moved at most 64 times: %s\n", len, bad,
         moves <= 64 ? "yes" : "no");
  int own[3];
  __ame_run(NULL, (void *)own_block, own);
  // CHECK-NEXT: in its line: grown in place 1, shrunk in place 1, moved with its bytes 1
  printf("in its line: grown in place %d, shrunk in place %d, moved with its "
         "bytes %d\n",
         own[0], own[1], own[2]);
  return 0;
}
