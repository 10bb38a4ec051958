// A block that keeps losing conflicts runs inevitably after AME_RETRY_LIMIT aborts and then commits (starvation freedom); AME_RETRY_LIMIT=0 runs it inevitably at once.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: env AME_RETRY_LIMIT=3 %t | FileCheck %s --check-prefix=THREE
// RUN: env AME_RETRY_LIMIT=0 %t | FileCheck %s --check-prefix=ZERO
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static _Alignas(64) uint64_t x, y;
static pthread_t helpers[64];
static int attempts;
static volatile int helper_done[64];

static uint32_t bump_x(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &x, __ame_load_8(tx, &x, NULL) + 1, NULL);
  return 0;
}
static void *helper(void *arg) {
  __ame_run(NULL, (void *)bump_x, NULL);
  helper_done[(long)arg] = 1;
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

// Every attempt reads x and lets another thread commit a write to x. A normal
// attempt always loses; an inevitable one holds x, so the helper cannot
// commit before it does (we stop waiting for it after a second).
static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  long a = attempts++;
  __ame_load_8(tx, &x, NULL);
  pthread_create(&helpers[a], NULL, helper, (void *)a);
  for (double t0 = now(); !helper_done[a] && now() - t0 < 1.0;)
    ;
  __ame_store_8(tx, &y, __ame_load_8(tx, &x, NULL) + 100, NULL);
  return 0;
}

int main(void) {
  __ame_run(NULL, (void *)body, NULL);
  for (int i = 0; i < attempts; i++)
    pthread_join(helpers[i], NULL);
  struct ame_stats s;
  ame_stats_thread(&s);
  printf("attempts %d, aborts %llu, inevitable commits %llu, x %llu, y %llu\n",
         attempts, (unsigned long long)s.aborts[AME_ABORT_VALIDATION],
         (unsigned long long)s.inevitable_commits, (unsigned long long)x,
         (unsigned long long)y);
  return 0;
}
// THREE: attempts 4, aborts 3, inevitable commits 1, x 4, y 103
// ZERO: attempts 1, aborts 0, inevitable commits 1, x 1, y 100
