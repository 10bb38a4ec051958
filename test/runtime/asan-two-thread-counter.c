// Under ASan+UBSan: two threads incrementing shared counters lose no update, and aborts jump back cleanly.
// REQUIRES: asan
// RUN: %clang %rt_asan_cflags %s -o %t %rt_asan_lib && %t 2>&1 | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

#define ITERS 50000
// Two counters on different lines plus one sharing a line with a third that
// only one thread writes: conflicts are real and false-sharing ones.
static _Alignas(64) uint64_t counter[24];

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  long id = (long)ctx;
  __ame_store_8(tx, &counter[0], __ame_load_8(tx, &counter[0]) + 1);
  __ame_store_8(tx, &counter[8], __ame_load_8(tx, &counter[8]) + 2);
  __ame_store_8(tx, &counter[16 + id], __ame_load_8(tx, &counter[16 + id]) + 1);
  return 0;
}

static void *worker(void *arg) {
  for (int i = 0; i < ITERS; i++)
    __ame_run(NULL, (void *)body, arg);
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  printf("%llu %llu %llu %llu\n", (unsigned long long)counter[0],
         (unsigned long long)counter[8], (unsigned long long)counter[16],
         (unsigned long long)counter[17]);
  struct ame_stats s;
  ame_stats_total(&s);
  printf("commits %llu\n", (unsigned long long)s.commits);
  return 0;
}
// CHECK: 100000 200000 50000 50000
// CHECK: commits 100000
