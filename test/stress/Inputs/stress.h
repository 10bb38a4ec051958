/*===- stress.h - Helpers shared by the runtime guarantee tests -------------===
 *
 * The tests in test/stress call the compiler ABI (ame/abi.h) directly with
 * hand-written transaction bodies, so they test the runtime without the pass:
 *
 *   static uint32_t body(struct __ame_tx *tx, void *ctx) {
 *     __ame_store_8(tx, &y, __ame_load_8(tx, &x, NULL) + 1);
 *     return 0;
 *   }
 *   STRESS_RUN(body, ctx);
 *
 * A body re-runs from its start after every abort, so anything it records
 * outside shared memory must be reset at its first line.
 *===----------------------------------------------------------------------===*/
#ifndef AME_STRESS_H
#define AME_STRESS_H

#include "ame.h"
#include "ame/abi.h"
#include "ame_testing.h"

#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Runs body(tx, ctx) as one atomic block, with its own site per call place. */
#define STRESS_RUN(body, ctx)                                                  \
  ({                                                                           \
    static const struct __ame_site stress_site_ = {__FILE__, __func__,         \
                                                   __LINE__, 0, ""};           \
    __ame_run((void *)&stress_site_, (void *)(body), (ctx));                   \
  })

/* Typed shared accesses: shared words are uint64_t, pointers are stored as
 * 8-byte integers (the pass passes pointers as integers of the same size). */
#define LD(tx, p) __ame_load_8((tx), (void *)(p), NULL)
#define ST(tx, p, v) __ame_store_8((tx), (void *)(p), (uint64_t)(v), NULL)
#define LDP(tx, p) ((void *)(uintptr_t)__ame_load_8((tx), (void *)(p), NULL))

/* Prints a failure message and exits with status 1. */
__attribute__((noreturn, format(printf, 1, 2))) static void
stress_fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("FAIL: ", stdout);
  vprintf(fmt, ap);
  fputc('\n', stdout);
  va_end(ap);
  fflush(stdout);
  exit(1);
}

#define STRESS_CHECK(cond, ...)                                                \
  do {                                                                         \
    if (!(cond))                                                               \
      stress_fail(__VA_ARGS__);                                                \
  } while (0)

/* xorshift64*: a small per-thread generator, deterministic per seed. */
static inline uint64_t stress_rand(uint64_t *state) {
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

static inline uint64_t stress_seed(uint64_t id) {
  return (id + 1) * 0x9E3779B97F4A7C15ULL;
}

/* A pause inside an attempt, so other threads commit in the middle of it:
 * usually a short spin (another core runs meanwhile), rarely a sched_yield
 * (another thread runs on this core; slow on a loaded machine, so rare).
 * Chooses from r; returns at once for most values of r, and always for
 * STRESS_NO_PAUSE. */
#define STRESS_NO_PAUSE 1
static inline void stress_pause(uint64_t r) {
  if (r % 256 == 0) {
    sched_yield();
  } else if (r % 8 == 0) {
    for (volatile int i = 0; i < 1000; ++i) {
    }
  }
}

static inline double stress_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Starts n threads running fn(index), all released at once by a barrier so
 * they really overlap, and joins them all. */
static pthread_barrier_t stress_barrier_;
static void *(*stress_thread_fn_)(void *);

static void *stress_thread_start_(void *arg) {
  pthread_barrier_wait(&stress_barrier_);
  return stress_thread_fn_(arg);
}

static inline void stress_run_threads(int n, void *(*fn)(void *)) {
  pthread_t th[64];
  STRESS_CHECK(n <= 64, "too many threads");
  stress_thread_fn_ = fn;
  pthread_barrier_init(&stress_barrier_, NULL, (unsigned)n);
  for (int i = 0; i < n; ++i)
    STRESS_CHECK(pthread_create(&th[i], NULL, stress_thread_start_,
                                (void *)(intptr_t)i) == 0,
                 "pthread_create");
  for (int i = 0; i < n; ++i)
    pthread_join(th[i], NULL);
  pthread_barrier_destroy(&stress_barrier_);
}

#endif /* AME_STRESS_H */
