// A transaction that meets a line another holds, and is the older of the two (it met the other first), waits for the holder's commit instead of aborting: it reads the committed value in its first attempt.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: reader attempts: 1
// CHECK-NEXT: reader saw: 1
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "Inputs/spin.h"

static _Alignas(64) uint64_t x;
static int locked, attempts;
static uint64_t seen;

// Holds x's line for 2 ms (far longer than the short spin before an
// abort), then commits.
static uint32_t holder(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &x, 1, NULL);
  __atomic_store_n(&locked, 1, __ATOMIC_SEQ_CST);
  spin_for(0.002);
  return 0;
}

static void *holder_thread(void *p) {
  (void)p;
  __ame_run(NULL, (void *)holder, NULL);
  return NULL;
}

static uint32_t reader(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  attempts++; // plain: survives aborts
  seen = __ame_load_8(tx, &x, NULL);
  return 0;
}

int main(void) {
  alarm(20);
  pthread_t t;
  pthread_create(&t, NULL, holder_thread, NULL);
  while (!__atomic_load_n(&locked, __ATOMIC_SEQ_CST))
    ;
  __ame_run(NULL, (void *)reader, NULL);
  pthread_join(t, NULL);
  printf("reader attempts: %d\n", attempts);
  printf("reader saw: %llu\n", (unsigned long long)seen);
  return 0;
}
