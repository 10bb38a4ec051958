// Starvation freedom: a long transaction losing to short writers still commits.
//
// One transaction reads 10^6 words (8 MB) and writes their sum to one word,
// while two threads keep committing short transactions that move 1 from one of
// the first words it reads to a random word (the sum never changes). Every
// attempt of the long transaction conflicts; after a bounded number of aborts
// the runtime must run it inevitably so it commits. The committed sum must be
// the invariant sum, and the attempt count must be at most 16 (the test sets
// the escalation limit, AME_RETRY_LIMIT, to its default of 8). Without
// escalation the long transaction does not commit within the 15 s watchdog.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: env AME_RETRY_LIMIT=8 %t | FileCheck %s
// CHECK: starvation: long transaction committed after {{[0-9]+}} attempts

#include "Inputs/stress.h"

#include <unistd.h>

enum {
  N = 1000000,
  STRIDE = 7919,
  HOT = 1000,
  NWRITERS = 2,
  MAX_ATTEMPTS = 16
};

static uint64_t *big;
static _Alignas(64) uint64_t result;
static atomic_int done;
static atomic_ulong writer_commits;

struct long_job {
  int attempts;
  uint64_t sum;
};

static uint32_t long_body(struct __ame_tx *tx, void *ctx) {
  struct long_job *j = ctx;
  ++j->attempts;
  uint64_t s = 0;
  /* A prime stride visits every word once, in an order that misses the cache on
   * every read, so an attempt lasts long enough for the writers to commit many
   * times during it. */
  for (uint64_t i = 0, k = 0; i < N; ++i, k = (k + STRIDE) % N)
    s += LD(tx, &big[k]);
  j->sum = s;
  ST(tx, &result, s);
  return 0;
}

struct short_job {
  int from, to;
};

static uint32_t short_body(struct __ame_tx *tx, void *ctx) {
  struct short_job *j = ctx;
  ST(tx, &big[j->from], LD(tx, &big[j->from]) - 1);
  ST(tx, &big[j->to], LD(tx, &big[j->to]) + 1);
  return 0;
}

static void *writer(void *arg) {
  uint64_t rng = stress_seed((uint64_t)(intptr_t)arg);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) {
    uint64_t r = stress_rand(&rng);
    /* Take from one of the first HOT words the long transaction reads: each of
     * its attempts has read them long before it ends, and they change all the
     * time. */
    struct short_job j = {(int)((r % HOT) * STRIDE % N), (int)((r >> 32) % N)};
    STRESS_RUN(short_body, &j);
    atomic_fetch_add_explicit(&writer_commits, 1, memory_order_relaxed);
  }
  return NULL;
}

static void *watchdog(void *arg) {
  (void)arg;
  for (int i = 0; i < 300 && !atomic_load(&done); ++i)
    usleep(50000);
  STRESS_CHECK(atomic_load(&done),
               "the long transaction did not commit within 15 s");
  return NULL;
}

int main(void) {
  big = malloc(sizeof(uint64_t) * N);
  for (int i = 0; i < N; ++i)
    big[i] = 1;
  pthread_t w[NWRITERS], dog;
  for (int i = 0; i < NWRITERS; ++i)
    pthread_create(&w[i], NULL, writer, (void *)(intptr_t)i);
  pthread_create(&dog, NULL, watchdog, NULL);
  while (atomic_load(&writer_commits) < 1000)
    sched_yield();

  struct long_job j = {0, 0};
  double t0 = stress_now();
  unsigned long c0 = atomic_load(&writer_commits);
  STRESS_RUN(long_body, &j);
  unsigned long c1 = atomic_load(&writer_commits);
  double t1 = stress_now();
  atomic_store(&done, 1);
  for (int i = 0; i < NWRITERS; ++i)
    pthread_join(w[i], NULL);
  pthread_join(dog, NULL);

  struct ame_stats s;
  ame_stats_thread(&s);
  STRESS_CHECK(j.sum == N && result == N,
               "long transaction committed sum %llu, expected %d",
               (unsigned long long)result, N);
  uint64_t total = 0;
  for (int i = 0; i < N; ++i)
    total += big[i];
  STRESS_CHECK(total == N, "array sums to %llu after the writers stopped",
               (unsigned long long)total);
  STRESS_CHECK(s.max_attempts == (uint64_t)j.attempts,
               "ame_stats_thread says %llu attempts, the body ran %d times",
               (unsigned long long)s.max_attempts, j.attempts);
  STRESS_CHECK(j.attempts <= MAX_ATTEMPTS,
               "the long transaction needed %d attempts", j.attempts);
  printf(
      "%lu short commits during the long transaction, %llu inevitable commits, "
      "aborts: %llu read, %llu write, %llu validation, %llu inevitable; %.2f "
      "s\n",
      c1 - c0, (unsigned long long)s.inevitable_commits,
      (unsigned long long)s.aborts[AME_ABORT_READ_CONFLICT],
      (unsigned long long)s.aborts[AME_ABORT_WRITE_CONFLICT],
      (unsigned long long)s.aborts[AME_ABORT_VALIDATION],
      (unsigned long long)s.aborts[AME_ABORT_INEVITABLE], t1 - t0);
  printf("starvation: long transaction committed after %d attempts\n",
         j.attempts);
  return 0;
}
