// A reclaimed block is sorted into the thread's cache by its size only some
// reclamations later (alloc.c: glibc's chunk header, where the size is, is a
// cache miss at the commit that frees the block), so a block freed just now
// is handed out after the blocks already sorted; when its size has no sorted
// block, the allocation sorts the waiting ones first instead of asking glibc
// for a new block. No block is lost or handed out twice on the way.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

struct op {
  void *p;
  size_t n;
};

static uint32_t alloc_body(struct __ame_tx *tx, void *ctx) {
  struct op *o = ctx;
  o->p = __ame_malloc(tx, o->n);
  return 0;
}

static uint32_t free_body(struct __ame_tx *tx, void *ctx) {
  __ame_free(tx, ((struct op *)ctx)->p);
  return 0;
}

static void *tx_alloc(size_t n) {
  struct op o = {NULL, n};
  __ame_run(NULL, (void *)alloc_body, &o);
  return o.p;
}

static void tx_free(void *p) {
  struct op o = {p, 0};
  __ame_run(NULL, (void *)free_body, &o);
}

#define N 40

int main(void) {
  // One thread: every freeing commit reclaims its blocks at once.
  void *a = tx_alloc(64), *b = tx_alloc(64);
  tx_free(a);
  tx_free(b);
  void *x = tx_alloc(64); // sorts both, takes one
  void *y = x == a ? b : a;
  // CHECK: waiting blocks sorted for an allocation: 1
  printf("waiting blocks sorted for an allocation: %d\n", x == a || x == b);
  tx_free(x);
  void *first = tx_alloc(64), *second = tx_alloc(64);
  // CHECK-NEXT: sorted block first: 1, the one just freed next: 1
  printf("sorted block first: %d, the one just freed next: %d\n", first == y,
         second == x);
  tx_free(first);
  tx_free(second);

  // Many blocks of three sizes, freed one per commit (more than the ring
  // holds), come back exactly, each as a block of its own size.
  void *blocks[N];
  for (int i = 0; i < N; i++)
    blocks[i] = tx_alloc(64 * (size_t)(1 + i % 3));
  for (int i = 0; i < N; i++)
    tx_free(blocks[i]);
  int found = 0, twice = 0, other_size = 0;
  void *again[N];
  for (int i = 0; i < N; i++) {
    again[i] = tx_alloc(64 * (size_t)(1 + i % 3));
    for (int j = 0; j < i; j++)
      twice += again[j] == again[i];
    for (int j = 0; j < N; j++)
      if (blocks[j] == again[i]) {
        found++;
        other_size += j % 3 != i % 3;
      }
  }
  // CHECK-NEXT: reused 40 of 40, twice 0, of another size 0
  printf("reused %d of %d, twice %d, of another size %d\n", found, N, twice,
         other_size);
  return 0;
}
