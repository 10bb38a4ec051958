// A block a transaction frees goes back once no running transaction can see
// it (reclaim.c); a small block the runtime allocated is then kept for the
// thread's next allocation of that size (alloc.c) instead of going through
// glibc's aligned path again. A block of other origin (a plain malloc's) is
// freed, and a block still in limbo is never handed out. A reclaimed block
// is sorted by its size only after 8 more reclamations (AME__UNSORTED):
// pass_ring() frees that many blocks of another size.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "Inputs/watched_free.h"

#include "Inputs/older_transaction.h"
#include "Inputs/tx_alloc.h"

static void pass_ring(void) {
  void *other[8];
  for (int i = 0; i < 8; i++)
    other[i] = tx_alloc(512);
  for (int i = 0; i < 8; i++)
    tx_free(other[i]);
}

int main(void) {
  // One thread: a freeing commit reclaims at once.
  void *a = tx_alloc(100); // two lines
  tx_free(a);
  pass_ring();
  void *b = tx_alloc(128);
  void *c = tx_alloc(128);
  // CHECK: same size reused: 1, second is new: 1
  printf("same size reused: %d, second is new: %d\n", b == a, c != a);
  tx_free(b);
  pass_ring();
  void *d = tx_alloc(64); // one line: another size
  // CHECK-NEXT: other size reused: 0
  printf("other size reused: %d\n", d == b);

  // A plain malloc's block that is not line-aligned is freed.
  void *aligned[16];
  int n_aligned = 0;
  void *raw = unaligned_block(aligned, &n_aligned);
  watched = raw;
  tx_free(raw);
  // CHECK-NEXT: plain block freed: 1
  printf("plain block freed: %d\n", watched_frees);
  release_kept(aligned, n_aligned);

  // Another thread runs a transaction that began before the free: the
  // block stays in limbo, and the next allocation of its size is new.
  pthread_t t;
  start_older_transaction(&t);
  tx_free(d);
  void *e = tx_alloc(64);
  // CHECK-NEXT: in limbo, not reused: 1
  printf("in limbo, not reused: %d\n", e != d);
  end_older_transaction(t);
  return 0;
}
