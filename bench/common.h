/*===- bench/common.h - One benchmark source, four synchronization variants ===
 *
 * Every benchmark in bench/ is one C file compiled four ways; exactly one of
 * these macros selects how its atomic blocks are synchronized:
 *
 *   -DBENCH_AME    ame_atomic            clang-19 + AME pass + libame
 *   -DBENCH_GNUTM  __transaction_atomic  gcc -fgnu-tm + libitm
 *   -DBENCH_MUTEX  one global pthread mutex around each block
 *   -DBENCH_NONE   plain block, no synchronization (single thread only,
 *                  unless a benchmark races on purpose: bank --racy=1)
 *
 *   clang-19 -O2 -DBENCH_MUTEX -Ibench -Iinclude bench/bank.c -o bank -lpthread
 *
 * Blocks are written `ATOMIC { ... }` and never left by return, break or
 * goto, so the four expansions mean the same thing. Functions called inside
 * a block are marked TM_SAFE (gcc -fgnu-tm requires it for functions it
 * cannot see; harmless elsewhere). Results are printed as one line of
 * key=value pairs per measurement; bench/run.py parses them.
 *===----------------------------------------------------------------------===*/
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(BENCH_AME) + defined(BENCH_GNUTM) + defined(BENCH_MUTEX) +         \
        defined(BENCH_NONE) != 1
#error "define exactly one of BENCH_AME, BENCH_GNUTM, BENCH_MUTEX, BENCH_NONE"
#endif

#if defined(BENCH_AME)
#include <ame.h>
#define BENCH_VARIANT "ame"
#define ATOMIC ame_atomic
#define TM_SAFE
#define BENCH_MULTITHREAD 1

#elif defined(BENCH_GNUTM)
#define BENCH_VARIANT "gnutm"
#define ATOMIC __transaction_atomic
#define TM_SAFE __attribute__((transaction_safe))
#define BENCH_MULTITHREAD 1

#elif defined(BENCH_MUTEX)
#define BENCH_VARIANT "mutex"
extern pthread_mutex_t bench_global_lock;
/* Lock on entry, unlock when the body falls through (the only exit used). */
#define ATOMIC                                                                 \
  for (int bench_once_ = (pthread_mutex_lock(&bench_global_lock), 1);         \
       bench_once_; bench_once_ = 0, pthread_mutex_unlock(&bench_global_lock))
#define TM_SAFE
#define BENCH_MULTITHREAD 1

#else
#define BENCH_VARIANT "none"
#define ATOMIC
#define TM_SAFE
#define BENCH_MULTITHREAD 0
#endif

/*--- Counting aborts --------------------------------------------------------
 * BENCH_ATTEMPT() goes first in the body of a block whose aborts are counted.
 * Under libitm it bumps a thread-local counter through a transaction_pure
 * function, a side effect that survives rollback; AME counts aborts itself
 * (ame_stats_thread), and a mutex never aborts. */
#if defined(BENCH_GNUTM)
extern __thread uint64_t bench_attempts;
__attribute__((transaction_pure, noinline)) void bench_count_attempt(void);
#define BENCH_ATTEMPT() bench_count_attempt()
#else
#define BENCH_ATTEMPT() ((void)0)
#endif

/* Aborts of the calling thread so far, given the blocks it committed in the
 * counted sites (only libitm needs them: aborts = attempts - commits). */
uint64_t bench_thread_aborts(uint64_t counted_commits);

/*--- Time, randomness, threads, output ------------------------------------*/

static inline double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* xorshift64*: one generator per thread, seeded apart. */
static inline uint64_t bench_rand(uint64_t *state) {
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

/* Runs fn(id) on nthreads threads started together; fn returns when
 * bench_stop() turns true (set by bench_run_threads after seconds, or by
 * fn itself when seconds is 0). Returns the wall time between start and the
 * last thread's return. */
double bench_run_threads(int nthreads, double seconds, void (*fn)(int id));
static inline int bench_stop(void) {
  extern int bench_stop_flag;
  return __atomic_load_n(&bench_stop_flag, __ATOMIC_RELAXED);
}
void bench_set_stop(void);

/* Parses "--name=value" style integer/double options with defaults. */
long bench_opt_long(int argc, char **argv, const char *name, long dflt);
double bench_opt_double(int argc, char **argv, const char *name, double dflt);
const char *bench_opt_str(int argc, char **argv, const char *name,
                          const char *dflt);

/* 64-byte aligned, zeroed, touched (so page faults stay out of timings). */
void *bench_alloc(size_t bytes);

/* Prints "bench=info ..." with the runtime's own totals (AME: commits and
 * aborts, so a run whose regions were not transformed shows commits=0). */
void bench_print_runtime_info(void);

/* Runs one block on this thread, then one on a second thread, joined. AME takes line locks with
 * plain stores only while one thread has used it; after this every lock is
 * a compare-and-swap, as in any multithreaded program, so a one-thread
 * phase measures the protocol the multithreaded phases run. */
void bench_second_thread_used(void);

int bench_cmp_double(const void *a, const void *b);
double bench_median(double *v, int n);

#endif /* BENCH_COMMON_H */
