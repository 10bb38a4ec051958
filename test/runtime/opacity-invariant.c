// Opacity: a transaction never observes a state that violates an invariant kept by committed transactions, even in an attempt that later aborts.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

#define TOTAL 1000
static _Alignas(64) int64_t account[3][8]; // one line each
static volatile int stop;
static int checked_once; // the mover starts after the first check: checks
                         // run beside the transfers however they are scheduled
static long broken, checks;

static uint32_t transfer(struct __ame_tx *tx, void *ctx) {
  long i = (long)ctx;
  int from = i % 3, to = (i + 1) % 3;
  int64_t amount = i % 7;
  __ame_store_8(tx, &account[from][0],
                __ame_load_8(tx, &account[from][0], NULL) - amount, NULL);
  __ame_store_8(tx, &account[to][0],
                __ame_load_8(tx, &account[to][0], NULL) + amount, NULL);
  return 0;
}

static uint32_t check(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  int64_t sum = 0;
  for (int k = 0; k < 3; k++)
    sum += (int64_t)__ame_load_8(tx, &account[k][0], NULL);
  if (sum != TOTAL)
    broken++; // seen inside the attempt, whether or not it commits
  checks++;
  return 0;
}

static void *mover(void *arg) {
  (void)arg;
  while (!__atomic_load_n(&checked_once, __ATOMIC_ACQUIRE))
    ;
  for (long i = 0; i < 200000; i++)
    __ame_run(NULL, (void *)transfer, (void *)i);
  stop = 1;
  return NULL;
}

int main(void) {
  account[0][0] = TOTAL;
  pthread_t t;
  pthread_create(&t, NULL, mover, NULL);
  do {
    __ame_run(NULL, (void *)check, NULL);
    __atomic_store_n(&checked_once, 1, __ATOMIC_RELEASE);
  } while (!stop);
  pthread_join(t, NULL);
  printf("inconsistent views %ld, checked %d\n", broken, checks > 0);
  printf("sum %lld\n",
         (long long)(account[0][0] + account[1][0] + account[2][0]));
  return 0;
}
// CHECK: inconsistent views 0, checked 1
// CHECK: sum 1000
