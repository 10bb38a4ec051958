// Under ASan: a block freed by a transaction but not yet reclaimed (an older transaction is still running) is not reported as a leak at exit, and is not freed while that transaction runs.
// REQUIRES: asan
// RUN: %clang %rt_asan_cflags %s -o %t %rt_asan_lib && %t 2>&1 | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static _Alignas(64) uint64_t *shared;
static volatile int reader_in, may_exit;

static uint32_t read_and_wait(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  uint64_t *p = (uint64_t *)__ame_load_8(tx, &shared, NULL);
  reader_in = 1;
  while (!may_exit)
    ;
  return (uint32_t)p[0]; // still allocated: reclamation waits for us
}

static void *reader(void *arg) {
  (void)arg;
  __ame_run(NULL, (void *)read_and_wait, NULL);
  return NULL;
}

static uint32_t unlink_and_free(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  uint64_t *p = (uint64_t *)__ame_load_8(tx, &shared, NULL);
  __ame_store_8(tx, &shared, 0, NULL);
  __ame_free(tx, p);
  return 0;
}

int main(void) {
  shared = malloc(64);
  shared[0] = 7;
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  while (!reader_in)
    ;
  __ame_run(NULL, (void *)unlink_and_free, NULL);
  may_exit = 1;
  pthread_join(t, NULL);
  printf("done\n");
  return 0; // the block may still be in limbo here
}
// CHECK: done
// CHECK-NOT: LeakSanitizer
