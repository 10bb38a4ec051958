// A transaction reads its own writes, for every access size, before commit.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

static _Alignas(64) unsigned char shared[256];

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_1(tx, &shared[0], 0x11, NULL);
  __ame_store_2(tx, &shared[2], 0x2222, NULL);
  __ame_store_4(tx, &shared[4], 0x44444444u, NULL);
  __ame_store_8(tx, &shared[8], 0x8888888888888888ull, NULL);
  // Memory is untouched until commit (write-back).
  printf("memory before commit: %02x\n", shared[0]);
  printf("own: %x %x %x %llx\n", __ame_load_1(tx, &shared[0], NULL),
         __ame_load_2(tx, &shared[2], NULL), __ame_load_4(tx, &shared[4], NULL),
         (unsigned long long)__ame_load_8(tx, &shared[8], NULL));
  // A partial overwrite is seen by a wider read.
  __ame_store_1(tx, &shared[9], 0x99, NULL);
  printf("mixed: %llx\n", (unsigned long long)__ame_load_8(tx, &shared[8], NULL));
  return 7;
}

int main(void) {
  uint32_t r = __ame_run(NULL, (void *)body, NULL);
  printf("result %u\n", r);
  printf("after: %x %llx\n", shared[0],
         (unsigned long long)*(uint64_t *)&shared[8]);
  return 0;
}
// CHECK: memory before commit: 00
// CHECK: own: 11 2222 44444444 8888888888888888
// CHECK: mixed: 8888888888889988
// CHECK: result 7
// CHECK: after: 11 8888888888889988
