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

#include "Inputs/tx_alloc.h"

static volatile int started, stop;

static uint32_t long_body(struct __ame_tx *tx, void *ctx) {
  (void)tx, (void)ctx;
  started = 1;
  while (!stop)
    ;
  return 0;
}

static void *long_runner(void *arg) {
  (void)arg;
  __ame_run(NULL, (void *)long_body, NULL);
  return NULL;
}

static void *freeing_thread(void *arg) {
  tx_free(arg);
  return NULL;
}

int main(void) {
  // A plain malloc's block that is not line-aligned goes back through free()
  // when reclaimed, where watched_free.h counts it.
  void *aligned[16];
  int n_aligned = 0;
  char *raw = malloc(200);
  while (!((uintptr_t)raw & 63) && n_aligned < 16) {
    aligned[n_aligned++] = raw;
    raw = malloc(200);
  }
  watched = raw;

  pthread_t runner, freer;
  pthread_create(&runner, NULL, long_runner, NULL);
  while (!started)
    ;
  pthread_create(&freer, NULL, freeing_thread, raw);
  pthread_join(freer, NULL);
  // CHECK: kept while an older transaction runs: 1
  printf("kept while an older transaction runs: %d\n", watched_frees == 0);
  stop = 1;
  pthread_join(runner, NULL);

  tx_free(tx_alloc(64));
  // CHECK-NEXT: orphan reclaimed by the next freeing commit: 1
  printf("orphan reclaimed by the next freeing commit: %d\n",
         watched_frees == 1);
  while (n_aligned)
    free(aligned[--n_aligned]);
  return 0;
}
