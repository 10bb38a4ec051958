/* An attempt that loses a conflict every time it runs optimistically: it
 * reads x, starts a helper thread whose block commits x + 1, and waits for
 * it (at most a second) before it writes y = x + 100. A normal attempt then
 * fails validation; an inevitable one holds x, so the helper waits for it
 * and the attempt commits. For the retry-limit (starvation freedom) tests.
 *   lose_to_helper(tx, n);   n: this helper's index, below LOSING_HELPERS
 *   ...; join_helpers(first, end); */
#ifndef AME_TEST_LOSING_ATTEMPT_H
#define AME_TEST_LOSING_ATTEMPT_H

#include <ame/abi.h>
#include <pthread.h>
#include <time.h>

enum { LOSING_HELPERS = 64 };

static _Alignas(64) uint64_t x, y;
static pthread_t helpers[LOSING_HELPERS];
static volatile int helper_done[LOSING_HELPERS];

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

static void lose_to_helper(struct __ame_tx *tx, long n) {
  __ame_load_8(tx, &x, NULL);
  pthread_create(&helpers[n], NULL, helper, (void *)n);
  for (double t0 = now(); !helper_done[n] && now() - t0 < 1.0;)
    ;
  __ame_store_8(tx, &y, __ame_load_8(tx, &x, NULL) + 100, NULL);
}

static void join_helpers(long first, long end) {
  for (long i = first; i < end; i++)
    pthread_join(helpers[i], NULL);
}

#endif
