// Two threads incrementing shared counters in transactions lose no update.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

#define ITERS 200000
// Two counters on different lines plus one sharing a line with a third that
// only one thread writes: conflicts are real and false-sharing ones.
static _Alignas(64) uint64_t counter[24];

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  long id = (long)ctx;
  __ame_store_8(tx, &counter[0], __ame_load_8(tx, &counter[0], NULL) + 1, NULL);
  __ame_store_8(tx, &counter[8], __ame_load_8(tx, &counter[8], NULL) + 2, NULL);
  __ame_store_8(tx, &counter[16 + id], __ame_load_8(tx, &counter[16 + id], NULL) + 1, NULL);
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
// CHECK: 400000 800000 200000 200000
// CHECK: commits 400000
