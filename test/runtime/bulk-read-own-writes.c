// A bulk read (memcpy of shared data, whole lines checked together) takes the bytes of lines the transaction holds from its redo buffer and the rest from memory, in lines anywhere in the range.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: line 0: own write
// CHECK-NEXT: line 5: own write
// CHECK-NEXT: line 6: memory
// CHECK-NEXT: line 40: own write
// CHECK-NEXT: line 127: own write
// CHECK-NEXT: other bytes: memory
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>
#include <string.h>

enum { LINES = 128 };
static _Alignas(64) unsigned char buf[LINES * 64];
static unsigned char copy[LINES * 64];

static const int mine[] = {0, 5, 40, 127}; // lines the transaction writes

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (size_t i = 0; i < sizeof mine / sizeof *mine; i++)
    __ame_store_1(tx, &buf[mine[i] * 64 + 3], 0xAB, NULL);
  __ame_load_bytes(tx, copy, buf, sizeof buf, NULL);
  return 0;
}

int main(void) {
  for (size_t i = 0; i < sizeof buf; i++)
    buf[i] = (unsigned char)(i % 251);
  __ame_run(NULL, (void *)body, NULL);
  const int shown[] = {0, 5, 6, 40, 127};
  for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
    int l = shown[i];
    printf("line %d: %s\n", l,
           copy[l * 64 + 3] == 0xAB                            ? "own write"
           : copy[l * 64 + 3] == (unsigned char)((l * 64 + 3) % 251) ? "memory"
                                                               : "wrong");
  }
  int other = 1;
  for (size_t i = 0; i < sizeof buf; i++)
    if (i % 64 != 3)
      other &= copy[i] == (unsigned char)(i % 251);
  printf("other bytes: %s\n", other ? "memory" : "wrong");
  return 0;
}
