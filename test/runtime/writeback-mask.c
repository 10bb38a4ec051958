// Commit writes back only the bytes the transaction wrote: a neighbour in the same line written outside transactions meanwhile survives.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

static _Alignas(64) struct {
  unsigned char mine;      // written by the transaction
  unsigned char neighbour; // written by plain code during the transaction
  uint16_t half;           // transaction writes one byte of it
  uint32_t word;           // plain code writes it
} line;

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_1(tx, &line.mine, 0x11, NULL);
  __ame_store_1(tx, (unsigned char *)&line.half + 1, 0x22, NULL);
  // Plain (non-transactional) writes to other bytes of the locked line.
  line.neighbour = 0x33;
  line.half = 0x4444;
  line.word = 0x55555555;
  return 0;
}

int main(void) {
  __ame_run(NULL, (void *)body, NULL);
  printf("mine %x neighbour %x half %x word %x\n", line.mine, line.neighbour,
         line.half, line.word);
  return 0;
}
// CHECK: mine 11 neighbour 33 half 2244 word 55555555
