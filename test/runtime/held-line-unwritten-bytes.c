// A transaction that holds a line reads the bytes it did not write from memory and its own bytes from the redo buffer (the line is not copied at lock time), and commit writes back every partial-word pattern exactly.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>
#include <string.h>

static _Alignas(64) unsigned char line[64];

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_1(tx, &line[0], 0xaa, NULL); // locks the line
  // Unwritten bytes of the held line: memory.
  printf("unwritten: %llx %x\n", (unsigned long long)__ame_load_8(tx, &line[8], NULL),
         __ame_load_4(tx, &line[20], NULL));
  // Partly written: merged byte by byte.
  __ame_store_2(tx, &line[9], 0xbbcc, NULL);
  printf("merged: %llx\n", (unsigned long long)__ame_load_8(tx, &line[8], NULL));
  unsigned char v[16];
  __ame_load_bytes(tx, v, &line[0], 16, NULL);
  printf("vector:");
  for (int i = 0; i < 16; i++)
    printf(" %02x", v[i]);
  printf("\n");
  // Write-back patterns inside one word: 4+2+1 bytes, odd bytes, a 2-byte hole.
  __ame_store_4(tx, &line[16], 0x11111111u, NULL);
  __ame_store_2(tx, &line[20], 0x2222, NULL);
  __ame_store_1(tx, &line[22], 0x33, NULL);
  __ame_store_1(tx, &line[25], 0x44, NULL);
  __ame_store_1(tx, &line[27], 0x55, NULL);
  __ame_store_1(tx, &line[31], 0x66, NULL);
  __ame_store_2(tx, &line[32], 0x7777, NULL);
  __ame_store_4(tx, &line[36], 0x88888888u, NULL);
  return 0;
}

int main(void) {
  for (int i = 0; i < 64; i++)
    line[i] = (unsigned char)i;
  __ame_run(NULL, (void *)body, NULL);
  printf("after:");
  for (int i = 0; i < 40; i++)
    printf(" %02x", line[i]);
  printf("\n");
  return 0;
}
// CHECK: unwritten: f0e0d0c0b0a0908 17161514
// CHECK: merged: f0e0d0c0bbbcc08
// CHECK: vector: aa 01 02 03 04 05 06 07 08 cc bb 0b 0c 0d 0e 0f
// CHECK: after: aa 01 02 03 04 05 06 07 08 cc bb 0b 0c 0d 0e 0f 11 11 11 11 22 22 33 17 18 44 1a 55 1c 1d 1e 66 77 77 22 23 88 88 88 88
