// Inevitability: other transactions on disjoint data keep committing meanwhile.
//
// One transaction becomes inevitable (__ame_irrevocable_v2, as before an
// uninstrumented call) and then waits, inside the transaction, for a flag. Two
// worker threads keep committing transactions on their own cache lines (one
// updating, one read-only). The main thread sets the flag only after each
// worker has committed 1000 more transactions; a runtime that serializes
// everything behind the inevitable transaction times out instead. The
// inevitable transaction's writes before and after it became inevitable must
// both be in memory afterwards.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: inevitable concurrency: 2 workers committed meanwhile

#include "Inputs/stress.h"

#include <unistd.h>

enum { NWORKERS = 2, PROGRESS = 1000, TIMEOUT_MS = 10000 };

static _Alignas(64) uint64_t inev_data[8];
static _Alignas(64) uint64_t worker_data[NWORKERS][8];
static atomic_ulong progress[NWORKERS];
static atomic_int inside, release_flag, stop, timed_out;
static unsigned long progress_at_entry[NWORKERS];

static const struct __ame_site irrevocable_site = {
    __FILE__, "inevitable_body", __LINE__, 0, "nanosleep", AME_SITE_IO};

static uint32_t inevitable_body(struct __ame_tx *tx, void *ctx) {
  int *attempts = ctx;
  ++*attempts;
  ST(tx, &inev_data[0], LD(tx, &inev_data[0]) + 1);
  __ame_irrevocable_v2(tx, (void *)&irrevocable_site);
  ST(tx, &inev_data[1], LD(tx, &inev_data[1]) + 1);
  for (int w = 0; w < NWORKERS; ++w)
    progress_at_entry[w] = atomic_load(&progress[w]);
  atomic_store(&inside, 1);
  double t0 = stress_now();
  while (!atomic_load(&release_flag)) {
    /* Twice main's timeout, so that main reports the failure. */
    if (stress_now() - t0 > 2 * TIMEOUT_MS / 1000.0) {
      atomic_store(&timed_out, 1);
      break;
    }
    sched_yield();
  }
  ST(tx, &inev_data[2], LD(tx, &inev_data[2]) + 1);
  return 0;
}

static uint32_t update_body(struct __ame_tx *tx, void *ctx) {
  uint64_t *d = ctx;
  ST(tx, &d[0], LD(tx, &d[0]) + 1);
  ST(tx, &d[1], LD(tx, &d[1]) + 2);
  return 0;
}

static uint32_t read_body(struct __ame_tx *tx, void *ctx) {
  uint64_t *d = ctx;
  uint64_t *seen = &d[4];
  *seen = LD(tx, &d[0]) + LD(tx, &d[1]); /* d[4] is private to this worker */
  return 0;
}

static void *worker(void *arg) {
  int w = (int)(intptr_t)arg;
  while (!atomic_load(&stop)) {
    if (w == 0)
      STRESS_RUN(update_body, worker_data[w]);
    else
      STRESS_RUN(read_body, worker_data[w]);
    atomic_fetch_add(&progress[w], 1);
  }
  return NULL;
}

static void *inevitable_thread(void *arg) {
  int *attempts = arg;
  STRESS_RUN(inevitable_body, attempts);
  struct ame_stats s;
  ame_stats_thread(&s);
  STRESS_CHECK(s.inevitable_commits == 1,
               "stats show %llu inevitable commits, expected 1",
               (unsigned long long)s.inevitable_commits);
  return NULL;
}

int main(void) {
  worker_data[1][0] = 5;
  pthread_t w[NWORKERS], inev;
  for (int i = 0; i < NWORKERS; ++i)
    pthread_create(&w[i], NULL, worker, (void *)(intptr_t)i);
  int attempts = 0;
  pthread_create(&inev, NULL, inevitable_thread, &attempts);

  double t0 = stress_now();
  while (!atomic_load(&inside)) {
    STRESS_CHECK(stress_now() - t0 < TIMEOUT_MS / 1000.0,
                 "the transaction did not become inevitable within %d ms",
                 TIMEOUT_MS);
    sched_yield();
  }
  unsigned long during[NWORKERS];
  for (int i = 0; i < NWORKERS; ++i) {
    while ((during[i] = atomic_load(&progress[i]) - progress_at_entry[i]) <
           PROGRESS) {
      STRESS_CHECK(
          !atomic_load(&timed_out) && stress_now() - t0 < TIMEOUT_MS / 1000.0,
          "worker %d committed only %lu transactions in %d ms while another "
          "transaction was inevitable",
          i, during[i], TIMEOUT_MS);
      sched_yield();
    }
  }
  atomic_store(&release_flag, 1);
  pthread_join(inev, NULL);
  atomic_store(&stop, 1);
  for (int i = 0; i < NWORKERS; ++i)
    pthread_join(w[i], NULL);

  STRESS_CHECK(
      inev_data[0] == 1 && inev_data[1] == 1 && inev_data[2] == 1,
      "inevitable transaction's writes: %llu %llu %llu, expected 1 1 1",
      (unsigned long long)inev_data[0], (unsigned long long)inev_data[1],
      (unsigned long long)inev_data[2]);
  STRESS_CHECK(worker_data[0][1] == 2 * worker_data[0][0],
               "worker 0 data inconsistent");
  STRESS_CHECK(worker_data[1][4] == 5, "worker 1 read %llu, expected 5",
               (unsigned long long)worker_data[1][4]);
  printf("inevitable transaction: %d attempt(s); worker commits while "
         "inevitable: %lu, %lu\n",
         attempts, during[0], during[1]);
  printf("inevitable concurrency: %d workers committed meanwhile\n", NWORKERS);
  return 0;
}
