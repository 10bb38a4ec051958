// A block of libame's range (line_heap.c) that a commit frees is handed out
// again by the thread's next allocation of its size, last freed first: its
// size is in the range's table, so it skips the ring that waits for glibc's
// chunk headers, and its lines are still in the cache. Blocks of each size
// lie side by side, and no block is handed out twice.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdint.h>
#include <stdio.h>

#include "Inputs/tx_alloc.h"

#define N 40

int main(void) {
  void *a = tx_alloc(64), *b = tx_alloc(64);
  // CHECK: side by side: 1
  printf("side by side: %d\n", (char *)b - (char *)a == 64);
  tx_free(a);
  tx_free(b);
  void *x = tx_alloc(64), *y = tx_alloc(64);
  // CHECK-NEXT: reused at once, last freed first: 1 1
  printf("reused at once, last freed first: %d %d\n", x == b, y == a);

  void *blocks[N], *again[N];
  for (int i = 0; i < N; i++)
    blocks[i] = tx_alloc(64 * (size_t)(2 + i % 3));
  for (int i = 0; i < N; i++)
    tx_free(blocks[i]);
  int found = 0, twice = 0, other_size = 0, aligned = 0;
  for (int i = 0; i < N; i++) {
    again[i] = tx_alloc(64 * (size_t)(2 + i % 3));
    aligned += ((uintptr_t)again[i] & 63) == 0;
    for (int j = 0; j < i; j++)
      twice += again[j] == again[i];
    for (int j = 0; j < N; j++)
      if (blocks[j] == again[i]) {
        found++;
        other_size += j % 3 != i % 3;
      }
  }
  // CHECK-NEXT: reused 40 of 40, twice 0, of another size 0, aligned 40
  printf("reused %d of %d, twice %d, of another size %d, aligned %d\n", found,
         N, twice, other_size, aligned);
  return 0;
}
