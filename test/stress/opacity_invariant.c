// Opacity: no attempt, even one that later aborts, sees an invariant broken.
//
// Eight invariants "the members of group g sum to 0", each group spread over
// four cache lines that it shares with other groups. Writers move random
// amounts between two members of a group (and sometimes of two groups in one
// transaction); readers read whole groups with other reads in between and check
// the sums inside the transaction body. Every violation seen inside any attempt
// is counted in a plain atomic counter that aborts do not roll back.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: opacity: 0 violations in {{[0-9]+}} attempts of 480000 transactions

#include "Inputs/stress.h"

enum { NGROUPS = 8, MEMBERS = 4, NLINES = 8 };
enum { NWRITERS = 2, NREADERS = 2, WRITER_TXNS = 160000, READER_TXNS = 80000 };

static _Alignas(64) uint64_t lines[NLINES][8];
static atomic_ulong violations, attempts;

/* Member m of group g: line (g + 2m) mod 8, slot g. */
static uint64_t *member(int g, int m) {
  return &lines[(g + 2 * m) % NLINES][g];
}

struct job {
  uint64_t rng;
  int g1, g2; /* groups to check or change */
  int m1, m2; /* members to move an amount between */
  uint64_t delta;
  /* Pause inside the attempt (stress_pause), so others commit meanwhile. */
  uint64_t pause;
};

static uint64_t group_sum(struct __ame_tx *tx, int g, int filler,
                          uint64_t pause) {
  uint64_t s = 0;
  for (int m = 0; m < MEMBERS; ++m) {
    if (m == MEMBERS / 2)
      stress_pause(pause);
    s += LD(tx, member(g, m));
    /* Reads of other groups in between widen the window for writers. */
    for (int f = 1; f <= filler; ++f)
      (void)LD(tx, member((g + f) % NGROUPS, m));
  }
  return s;
}

static void check(uint64_t sum) {
  if (sum != 0)
    atomic_fetch_add(&violations, 1);
}

/* Reads one or two whole groups and checks them. */
static uint32_t reader_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  atomic_fetch_add_explicit(&attempts, 1, memory_order_relaxed);
  check(group_sum(tx, j->g1, 3, j->pause));
  check(group_sum(tx, j->g2, 1, STRESS_NO_PAUSE));
  return 0;
}

/* Reads every group in one transaction. */
static uint32_t scan_body(struct __ame_tx *tx, void *ctx) {
  atomic_fetch_add_explicit(&attempts, 1, memory_order_relaxed);
  for (int g = 0; g < NGROUPS; ++g)
    check(group_sum(tx, g, 0,
                    g == 3 ? ((struct job *)ctx)->pause : STRESS_NO_PAUSE));
  return 0;
}

/* Checks a group, then moves delta from member m1 to member m2 (and, for a
 * second group, back). */
static uint32_t writer_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  atomic_fetch_add_explicit(&attempts, 1, memory_order_relaxed);
  check(group_sum(tx, j->g1, 0, STRESS_NO_PAUSE));
  uint64_t *a = member(j->g1, j->m1), *b = member(j->g1, j->m2);
  ST(tx, a, LD(tx, a) + j->delta);
  stress_pause(j->pause); /* holding a's line: readers meet a locked line */
  ST(tx, b, LD(tx, b) - j->delta);
  if (j->g2 != j->g1) {
    uint64_t *c = member(j->g2, j->m2), *d = member(j->g2, j->m1);
    ST(tx, c, LD(tx, c) + j->delta);
    ST(tx, d, LD(tx, d) - j->delta);
  }
  return 0;
}

static void pick(struct job *j) {
  uint64_t r = stress_rand(&j->rng);
  j->g1 = (int)(r % NGROUPS);
  j->g2 = (r >> 8) % 4 == 0 ? (int)((r >> 16) % NGROUPS) : j->g1;
  j->m1 = (int)((r >> 24) % MEMBERS);
  j->m2 = (j->m1 + 1 + (int)((r >> 32) % (MEMBERS - 1))) % MEMBERS;
  j->delta = stress_rand(&j->rng) | 1;
  j->pause = stress_rand(&j->rng);
}

static void *thread_main(void *arg) {
  int id = (int)(intptr_t)arg;
  struct job j = {.rng = stress_seed((uint64_t)id)};
  if (id < NWRITERS) {
    for (int n = 0; n < WRITER_TXNS; ++n) {
      pick(&j);
      STRESS_RUN(writer_body, &j);
    }
  } else {
    for (int n = 0; n < READER_TXNS; ++n) {
      pick(&j);
      if (n % 8 == 0)
        STRESS_RUN(scan_body, &j);
      else
        STRESS_RUN(reader_body, &j);
    }
  }
  return NULL;
}

int main(void) {
  double t0 = stress_now();
  stress_run_threads(NWRITERS + NREADERS, thread_main);
  double t1 = stress_now();
  unsigned long v = atomic_load(&violations);
  STRESS_CHECK(
      v == 0, "%lu attempts saw an invariant broken inside the transaction", v);
  for (int g = 0; g < NGROUPS; ++g) {
    uint64_t s = 0;
    for (int m = 0; m < MEMBERS; ++m)
      s += *member(g, m);
    STRESS_CHECK(s == 0, "group %d sums to %#llx after all threads joined", g,
                 (unsigned long long)s);
  }
  struct ame_stats s;
  ame_stats_total(&s);
  uint64_t aborts = 0;
  for (int c = 0; c < AME_ABORT_CAUSE_COUNT; ++c)
    aborts += s.aborts[c];
  printf("%llu aborts (%llu validation), %.2f s\n", (unsigned long long)aborts,
         (unsigned long long)s.aborts[AME_ABORT_VALIDATION], t1 - t0);
  printf("opacity: 0 violations in %lu attempts of %d transactions\n",
         atomic_load(&attempts),
         NWRITERS * WRITER_TXNS + NREADERS * READER_TXNS);
  return 0;
}
