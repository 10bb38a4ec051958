// A thread keeps 16 KiB of reclaimed blocks of each size (alloc.c): 256
// blocks of one line, 32 of eight. Blocks past the budget go back to glibc;
// those within it are handed out again and never reach free().
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

void __libc_free(void *);

#define N 240
static void *blocks[N];
static int n_blocks, freed; // frees of blocks[0 .. n_blocks)

void free(void *p) {
  for (int i = 0; p && i < n_blocks; i++)
    freed += blocks[i] == p;
  __libc_free(p);
}

#include "Inputs/tx_alloc.h"

// Allocates n blocks of size bytes, frees them one per commit (one thread:
// each commit reclaims at once), then allocates n again; prints how many
// reached free() and how many came back.
static void round_trip(int n, size_t size) {
  for (int i = 0; i < n; i++)
    blocks[i] = tx_alloc(size);
  freed = 0;
  n_blocks = n;
  for (int i = 0; i < n; i++)
    tx_free(blocks[i]);
  int back = 0;
  for (int i = 0; i < n; i++) {
    void *p = tx_alloc(size);
    for (int j = 0; j < n; j++)
      back += blocks[j] == p;
  }
  n_blocks = 0;
  printf("%zu-byte blocks: %d of %d freed to glibc, %d back\n", size, freed,
         n, back);
}

int main(void) {
  // 8 still wait in the ring to be sorted (alloc-sorts-reclaimed-later.c).
  // CHECK: 64-byte blocks: 0 of 240 freed to glibc, 232 back
  round_trip(240, 64);
  // 32 kept and 8 waiting: 10 past the budget.
  // CHECK-NEXT: 512-byte blocks: 10 of 50 freed to glibc, 32 back
  round_trip(50, 512);
  return 0;
}
