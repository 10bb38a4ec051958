// A thread whose earlier blocks committed by the short path still escalates: a block that keeps losing conflicts runs inevitably after AME_RETRY_LIMIT aborts, and at once with AME_RETRY_LIMIT=0 (the thread's first block, which starts by the general path, is retry-limit-escalation.c); the next such block counts its attempts from 1 again.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: env AME_RETRY_LIMIT=3 %t | FileCheck %s --check-prefix=THREE
// RUN: env AME_RETRY_LIMIT=0 %t | FileCheck %s --check-prefix=ZERO
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { MAX_ATTEMPTS = 10, RUNS = 2 };

static _Alignas(64) uint64_t x, y, z;
static pthread_t helpers[RUNS * MAX_ATTEMPTS];
static int attempts, helpers_started;
static volatile int helper_done[RUNS * MAX_ATTEMPTS];

static uint32_t bump(struct __ame_tx *tx, void *ctx) {
  uint64_t *p = ctx;
  __ame_store_8(tx, p, __ame_load_8(tx, p, NULL) + 1, NULL);
  return 0;
}
static void *helper(void *arg) {
  __ame_run(NULL, (void *)bump, &x);
  helper_done[(long)arg] = 1;
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

// As in retry-limit-escalation.c: a normal attempt always loses to the
// helper it starts; an inevitable one holds x, so the helper waits for it.
static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  if (attempts++ == MAX_ATTEMPTS) {
    printf("no escalation after %d attempts\n", MAX_ATTEMPTS);
    exit(1);
  }
  long a = helpers_started++;
  __ame_load_8(tx, &x, NULL);
  pthread_create(&helpers[a], NULL, helper, (void *)a);
  for (double t0 = now(); !helper_done[a] && now() - t0 < 1.0;)
    ;
  __ame_store_8(tx, &y, __ame_load_8(tx, &x, NULL) + 100, NULL);
  return 0;
}

int main(void) {
  // The first block starts by the general path; the others are short.
  for (int i = 0; i < 3; i++)
    __ame_run(NULL, (void *)bump, &z);
  for (int run = 0; run < RUNS; run++) {
    struct ame_stats before, s;
    ame_stats_thread(&before);
    attempts = 0;
    int first_helper = helpers_started;
    __ame_run(NULL, (void *)body, NULL);
    ame_stats_thread(&s);
    for (int i = first_helper; i < helpers_started; i++)
      pthread_join(helpers[i], NULL);
    printf("attempts %d, aborts %llu, inevitable commits %llu, x %llu, y %llu\n",
           attempts,
           (unsigned long long)(s.aborts[AME_ABORT_VALIDATION] -
                                before.aborts[AME_ABORT_VALIDATION]),
           (unsigned long long)(s.inevitable_commits - before.inevitable_commits),
           (unsigned long long)x, (unsigned long long)y);
  }
  return 0;
}
// THREE: attempts 4, aborts 3, inevitable commits 1, x 4, y 103
// THREE-NEXT: attempts 4, aborts 3, inevitable commits 1, x 8, y 107
// ZERO: attempts 1, aborts 0, inevitable commits 1, x 1, y 100
// ZERO-NEXT: attempts 1, aborts 0, inevitable commits 1, x 2, y 101
