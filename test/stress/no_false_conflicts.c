// No false conflicts: transactions on distinct cache lines never abort.
//
// Four threads run transactions that read and write only lines of their own:
// lines adjacent to other threads' lines (conflicts must not be coarser than 64
// bytes), and lines exactly 64 MB apart from other threads' lines (a hashed
// lock table would make those collide; the runtime's metadata is one lock word
// per line). Some transactions are read-only, one thread also runs long ones
// over 10^5 lines, and attempts pause in the middle so they overlap. Every
// abort is a false conflict: the test fails unless the runtime counts none.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: no false conflicts: 0 aborts in 400000 transactions

#include "Inputs/stress.h"

enum { NTHREADS = 4, TXNS = 100000, WORDS = 8, LONG_LINES = 100000 };
#define FAR_STRIDE (64u << 20) /* same low address bits, 64 MB apart */

/* Thread t's adjacent lines: near[t + NTHREADS * w]; far lines at
 * far_base + t * FAR_STRIDE + w * 64. */
static _Alignas(64) uint64_t near[NTHREADS * WORDS][8];
static unsigned char *far_base;
static uint64_t *long_lines; /* thread 0's LONG_LINES lines */

static uint64_t *near_word(int t, int w) { return near[t + NTHREADS * w]; }
static uint64_t *far_word(int t, int w) {
  return (uint64_t *)(far_base + (size_t)t * FAR_STRIDE + (size_t)w * 64);
}

struct job {
  int id;
  uint64_t pause;
};

static uint32_t update_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  for (int w = 0; w < WORDS; ++w) {
    if (w == WORDS / 2)
      stress_pause(j->pause);
    ST(tx, near_word(j->id, w), LD(tx, near_word(j->id, w)) + 1);
    ST(tx, far_word(j->id, w), LD(tx, far_word(j->id, w)) + 1);
  }
  return 0;
}

static uint32_t read_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  uint64_t s = 0;
  for (int w = 0; w < WORDS; ++w) {
    if (w == WORDS / 2)
      stress_pause(j->pause);
    s += LD(tx, near_word(j->id, w)) - LD(tx, far_word(j->id, w));
  }
  return s != 0; /* the near and far counters move together */
}

static uint32_t long_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (size_t l = 0; l < LONG_LINES; ++l)
    ST(tx, &long_lines[l * 8], LD(tx, &long_lines[l * 8]) + 1);
  return 0;
}

static void *thread_main(void *arg) {
  struct job j = {.id = (int)(intptr_t)arg};
  uint64_t rng = stress_seed((uint64_t)j.id);
  for (int n = 0; n < TXNS; ++n) {
    uint64_t r = stress_rand(&rng);
    j.pause = stress_rand(&rng);
    if (j.id == 0 && n % 10000 == 0)
      STRESS_RUN(long_body, &j);
    else if (r % 4 == 0)
      STRESS_CHECK(STRESS_RUN(read_body, &j) == 0,
                   "thread %d saw its near and far counters differ", j.id);
    else
      STRESS_RUN(update_body, &j);
  }
  return NULL;
}

int main(void) {
  far_base = aligned_alloc(64, (size_t)NTHREADS * FAR_STRIDE);
  long_lines = aligned_alloc(64, (size_t)LONG_LINES * 64);
  STRESS_CHECK(far_base && long_lines, "out of memory");
  for (int t = 0; t < NTHREADS; ++t)
    for (int w = 0; w < WORDS; ++w)
      *far_word(t, w) = 0;
  for (size_t l = 0; l < LONG_LINES; ++l)
    long_lines[l * 8] = 0;

  double t0 = stress_now();
  stress_run_threads(NTHREADS, thread_main);
  double t1 = stress_now();

  struct ame_stats s;
  ame_stats_total(&s);
  uint64_t aborts = 0;
  for (int c = 0; c < AME_ABORT_CAUSE_COUNT; ++c)
    aborts += s.aborts[c];
  STRESS_CHECK(aborts == 0,
               "%llu aborts among transactions on distinct lines (read %llu, "
               "write %llu, validation %llu, inevitable %llu, fault %llu)",
               (unsigned long long)aborts,
               (unsigned long long)s.aborts[AME_ABORT_READ_CONFLICT],
               (unsigned long long)s.aborts[AME_ABORT_WRITE_CONFLICT],
               (unsigned long long)s.aborts[AME_ABORT_VALIDATION],
               (unsigned long long)s.aborts[AME_ABORT_INEVITABLE],
               (unsigned long long)s.aborts[AME_ABORT_FAULT]);
  for (int t = 0; t < NTHREADS; ++t)
    for (int w = 0; w < WORDS; ++w)
      STRESS_CHECK(*near_word(t, w) == *far_word(t, w),
                   "thread %d word %d: near %llu, far %llu", t, w,
                   (unsigned long long)*near_word(t, w),
                   (unsigned long long)*far_word(t, w));
  STRESS_CHECK(long_lines[0] == TXNS / 10000, "long transaction ran %llu times",
               (unsigned long long)long_lines[0]);
  printf("%llu commits, %.2f s\n", (unsigned long long)s.commits, t1 - t0);
  printf("no false conflicts: 0 aborts in %d transactions\n", NTHREADS * TXNS);
  return 0;
}
