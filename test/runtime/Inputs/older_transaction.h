/* A transaction on another thread that started before whatever the test
 * does next and stays running until the test says stop, so that blocks
 * freed meanwhile must wait in the limbo (reclaim.c); and a plain malloc's
 * block that is not line-aligned, which reclamation hands to free() (where
 * watched_free.h sees it) instead of the runtime's cache.
 *   pthread_t t; start_older_transaction(&t); ...; end_older_transaction(t);
 *   void *keep[16]; int n = 0; void *p = unaligned_block(keep, &n); ...
 *   release_kept(keep, n); */
#ifndef AME_TEST_OLDER_TRANSACTION_H
#define AME_TEST_OLDER_TRANSACTION_H

#include <ame/abi.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

static volatile int older_started, older_stop;

static uint32_t older_body(struct __ame_tx *tx, void *ctx) {
  (void)tx, (void)ctx;
  older_started = 1;
  while (!older_stop)
    ;
  return 0;
}

static void *older_runner(void *arg) {
  (void)arg;
  __ame_run(NULL, (void *)older_body, NULL);
  return NULL;
}

static inline void start_older_transaction(pthread_t *t) {
  older_started = older_stop = 0;
  pthread_create(t, NULL, older_runner, NULL);
  while (!older_started)
    ;
}

static inline void end_older_transaction(pthread_t t) {
  older_stop = 1;
  pthread_join(t, NULL);
}

/* The line-aligned blocks met on the way are kept in keep[] (up to 16) so
 * that malloc does not hand them out again. */
static inline void *unaligned_block(void **keep, int *kept) {
  char *raw = malloc(200);
  while (!((uintptr_t)raw & 63) && *kept < 16) {
    keep[(*kept)++] = raw;
    raw = malloc(200);
  }
  return raw;
}

static inline void release_kept(void **keep, int kept) {
  while (kept)
    free(keep[--kept]);
}

#endif
