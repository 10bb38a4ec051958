/*===- doom.h - Make the running attempt fail validation, on purpose ------===
 *
 * Several runtime tests need an attempt that aborts: the body reads `x`, then
 * calls doom_reader_of_x(), which has another thread commit a write to `x`
 * and waits for it, so the next validation of the body (a newer read or the
 * commit) fails and the attempt rolls back.
 *===----------------------------------------------------------------------===*/
#ifndef AME_TEST_RUNTIME_DOOM_H
#define AME_TEST_RUNTIME_DOOM_H

#include <ame/abi.h>
#include <pthread.h>

static _Alignas(64) uint64_t x;

static uint32_t doom_bump_x(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &x, __ame_load_8(tx, &x, NULL) + 1, NULL);
  return 0;
}

static void *doom_thread(void *arg) {
  (void)arg;
  __ame_run(NULL, (void *)doom_bump_x, NULL);
  return NULL;
}

/* Another thread commits x + 1; returns once it has committed. */
static void doom_reader_of_x(void) {
  pthread_t t;
  pthread_create(&t, NULL, doom_thread, NULL);
  pthread_join(t, NULL);
}

#endif
