// A block that a thread freed in a transaction but could not reclaim before
// it exited (an older transaction of another thread was still running) is an
// orphan; once the process is down to one thread, that thread's next freeing
// commit reclaims it, although its own frees could skip the limbo.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "Inputs/watched_free.h"

#include "Inputs/older_transaction.h"
#include "Inputs/tx_alloc.h"

static void *freeing_thread(void *arg) {
  tx_free(arg);
  return NULL;
}

int main(void) {
  // A plain malloc's block that is not line-aligned goes back through free()
  // when reclaimed, where watched_free.h counts it.
  void *aligned[16];
  int n_aligned = 0;
  void *raw = unaligned_block(aligned, &n_aligned);
  watched = raw;

  pthread_t runner, freer;
  start_older_transaction(&runner);
  pthread_create(&freer, NULL, freeing_thread, raw);
  pthread_join(freer, NULL);
  // CHECK: kept while an older transaction runs: 1
  printf("kept while an older transaction runs: %d\n", watched_frees == 0);
  end_older_transaction(runner);

  tx_free(tx_alloc(64));
  // CHECK-NEXT: orphan reclaimed by the next freeing commit: 1
  printf("orphan reclaimed by the next freeing commit: %d\n",
         watched_frees == 1);
  release_kept(aligned, n_aligned);
  return 0;
}
