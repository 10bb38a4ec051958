// Unaligned and line-crossing accesses, byte ranges and memcpy/memmove/memset read their own writes and commit exactly those bytes.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>
#include <string.h>

static _Alignas(64) unsigned char buf[512];

static void dump(const char *what, const unsigned char *p, int n) {
  printf("%s:", what);
  for (int i = 0; i < n; i++)
    printf(" %02x", p[i]);
  printf("\n");
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  // 2/4/8-byte stores straddling the boundary between lines 0 and 1.
  __ame_store_2(tx, &buf[63], 0xa1a2, NULL);
  __ame_store_4(tx, &buf[126], 0xb1b2b3b4u, NULL);
  __ame_store_8(tx, &buf[187], 0xc1c2c3c4c5c6c7c8ull, NULL);
  printf("crossing: %x %x %llx\n", __ame_load_2(tx, &buf[63], NULL),
         __ame_load_4(tx, &buf[126], NULL),
         (unsigned long long)__ame_load_8(tx, &buf[187], NULL));
  // Unaligned but inside one line.
  __ame_store_8(tx, &buf[3], 0x0102030405060708ull, NULL);
  printf("unaligned: %llx\n", (unsigned long long)__ame_load_8(tx, &buf[3], NULL));
  // 100 bytes over three lines.
  unsigned char src[100], dst[100];
  for (int i = 0; i < 100; i++)
    src[i] = (unsigned char)(i + 1);
  __ame_store_bytes(tx, &buf[250], src, 100, NULL);
  __ame_load_bytes(tx, dst, &buf[250], 100, NULL);
  printf("bytes equal: %d\n", memcmp(src, dst, 100) == 0);
  // memset, memcpy, and memmove in both overlapping directions.
  __ame_memset(tx, &buf[400], 0x5a, 70, NULL);
  __ame_memcpy(tx, &buf[470], &buf[250], 10, NULL);
  __ame_memmove(tx, &buf[252], &buf[250], 20, NULL); // forward overlap
  __ame_memmove(tx, &buf[300], &buf[302], 20, NULL); // backward overlap
  __ame_load_bytes(tx, dst, &buf[250], 24, NULL);
  dump("moved up", dst, 24);
  __ame_load_bytes(tx, dst, &buf[300], 22, NULL);
  dump("moved down", dst, 22);
  printf("memory untouched: %d\n", buf[400] == 0 && buf[63] == 0);
  return 0;
}

int main(void) {
  __ame_run(NULL, (void *)body, NULL);
  printf("after: %02x%02x %02x %02x %02x\n", buf[64], buf[63], buf[126],
         buf[129], buf[194]);
  dump("set", &buf[398], 4);
  dump("copied", &buf[468], 4);
  dump("tail", &buf[466], 4);
  return 0;
}
// CHECK: crossing: a1a2 b1b2b3b4 c1c2c3c4c5c6c7c8
// CHECK: unaligned: 102030405060708
// CHECK: bytes equal: 1
// CHECK: moved up: 01 02 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 17 18
// CHECK: moved down: 35 36 37 38 39 3a 3b 3c 3d 3e 3f 40 41 42 43 44 45 46 47 48 47 48
// CHECK: memory untouched: 1
// CHECK: after: a1a2 b4 b1 c1
// CHECK: set: 00 00 5a 5a
// CHECK: copied: 5a 5a 01 02
// CHECK: tail: 5a 5a 5a 5a
