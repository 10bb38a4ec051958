/* Threads that run small counting blocks beside a test's main action, which
 * leaves a block in some unusual way (thread exit, cancellation, longjmp). If
 * the left block keeps a lock, the inevitability token or serial ownership,
 * the bystanders hang (the test's alarm() fails it) or lose counts.
 *   bystanders_start(n); ...; if (bystanders_join() != exact) ... */
#ifndef AME_TEST_BYSTANDERS_H
#define AME_TEST_BYSTANDERS_H

#include <ame/abi.h>
#include <pthread.h>

enum { BYSTANDER_ITERS = 20000 };

static _Alignas(64) uint64_t bystander_counter[8];
static pthread_t bystander_threads[8];
static int bystander_count;

/* One counting block; tests also run it to show blocks still work after. */
static uint32_t bystander_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &bystander_counter[0],
                __ame_load_8(tx, &bystander_counter[0], NULL) + 1, NULL);
  return 0;
}

static void *bystander(void *arg) {
  (void)arg;
  for (int i = 0; i < BYSTANDER_ITERS; i++)
    __ame_run(NULL, (void *)bystander_body, NULL);
  return NULL;
}

static void bystanders_start(int n) {
  for (; bystander_count < n && bystander_count < 8; bystander_count++)
    pthread_create(&bystander_threads[bystander_count], NULL, bystander, NULL);
}

/* Joins them; the count their blocks added. */
static uint64_t bystanders_join(void) {
  for (int i = 0; i < bystander_count; i++)
    pthread_join(bystander_threads[i], NULL);
  return (uint64_t)bystander_count * BYSTANDER_ITERS;
}

#endif
