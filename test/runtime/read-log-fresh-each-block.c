// Each block logs its reads from scratch: a block whose first read is the line the previous block read last still logs it (the read log's dedup of the last line starts empty), so another thread's commit to that line fails its validation and the block runs again on the new value. And its countdown of re-reads that log nothing starts full (attempt start resets both only when the last attempt moved them).
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: first: x 0, countdown moved 1
// CHECK-NEXT: second: attempts 2, read 1, y 2, countdown full at start 1
#include "internal.h"

#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

static _Alignas(64) uint64_t x;
static _Alignas(64) uint64_t y;
static int attempts;

static uint32_t bump(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &x, __ame_load_8(tx, &x, NULL) + 1, NULL);
  return 0;
}
static void *bump_thread(void *arg) {
  (void)arg;
  __ame_run(NULL, (void *)bump, NULL);
  return NULL;
}

static int countdown_moved, countdown_full;

static uint32_t read_x(struct __ame_tx *tx, void *ctx) {
  /* The same word twice: the second read logs nothing and counts down. */
  *(uint64_t *)ctx = __ame_load_8(tx, &x, NULL) + __ame_load_8(tx, &x, NULL);
  countdown_moved = tx->rcheck != AME__RCHECK_FIRST;
  return 0;
}

static uint32_t copy_x(struct __ame_tx *tx, void *ctx) {
  if (attempts == 0)
    countdown_full = tx->rcheck == AME__RCHECK_FIRST;
  uint64_t v = __ame_load_8(tx, &x, NULL);
  if (attempts++ == 0) {
    pthread_t t;
    pthread_create(&t, NULL, bump_thread, NULL);
    pthread_join(t, NULL);
  }
  *(uint64_t *)ctx = v;
  __ame_store_8(tx, &y, v + 1, NULL);
  return 0;
}

int main(void) {
  uint64_t first, second;
  __ame_run(NULL, (void *)read_x, &first);
  printf("first: x %llu, countdown moved %d\n", (unsigned long long)first,
         countdown_moved);
  __ame_run(NULL, (void *)copy_x, &second);
  printf("second: attempts %d, read %llu, y %llu, countdown full at start %d\n",
         attempts, (unsigned long long)second, (unsigned long long)y,
         countdown_full);
  return 0;
}
