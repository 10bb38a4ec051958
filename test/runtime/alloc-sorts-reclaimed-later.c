// A reclaimed block is sorted into the thread's cache by its size only 8
// reclamations later (alloc.c: glibc's chunk headers, where the size is,
// are cache misses at the commit that frees the block). Until then it is
// not handed out, even when its size has no other block (glibc supplies
// one); once sorted it is, and no block is lost or handed out twice. The
// blocks come from glibc: this program defines free (watched_free.h), so
// libame leaves its range of side-by-side blocks unused (line_heap.c; their
// size is in a table, and they are sorted at once:
// alloc-range-reused-at-once.c).
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

#include "Inputs/tx_alloc.h"
#include "Inputs/watched_free.h"

#define N 40

int main(void) {
  // One thread: every freeing commit reclaims its blocks at once.
  void *a = tx_alloc(64), *b = tx_alloc(64);
  tx_free(a);
  tx_free(b);
  void *x = tx_alloc(64);
  // CHECK: blocks in the ring handed out: 0
  printf("blocks in the ring handed out: %d\n", x == a || x == b);
  void *others[8];
  for (int i = 0; i < 8; i++)
    others[i] = tx_alloc(64);
  for (int i = 0; i < 8; i++)
    tx_free(others[i]); // pushes a, then b, out of the ring
  void *first = tx_alloc(64), *second = tx_alloc(64);
  // CHECK-NEXT: sorted after 8 reclamations, last sorted first: 1 1
  printf("sorted after 8 reclamations, last sorted first: %d %d\n",
         first == b, second == a);

  // Blocks of three sizes no allocation above used, freed one per commit:
  // all but the last 8 come back, each as a block of its own size.
  void *blocks[N];
  for (int i = 0; i < N; i++)
    blocks[i] = tx_alloc(64 * (size_t)(2 + i % 3));
  for (int i = 0; i < N; i++)
    tx_free(blocks[i]);
  int found = 0, twice = 0, other_size = 0;
  void *again[N];
  for (int i = 0; i < N; i++) {
    again[i] = tx_alloc(64 * (size_t)(2 + i % 3));
    for (int j = 0; j < i; j++)
      twice += again[j] == again[i];
    for (int j = 0; j < N; j++)
      if (blocks[j] == again[i]) {
        found++;
        other_size += j % 3 != i % 3;
        if (j >= N - 8)
          printf("a block still in the ring came back: %d\n", j);
      }
  }
  // CHECK-NEXT: reused 32 of 40, twice 0, of another size 0
  printf("reused %d of %d, twice %d, of another size %d\n", found, N, twice,
         other_size);
  return 0;
}
