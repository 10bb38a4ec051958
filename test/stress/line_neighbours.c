// Write-back granularity: committing never overwrites bytes it did not write.
//
// Each 64-byte line holds transactional fields of 1, 2, 4 and 8 bytes and, in
// between and after them, bytes and words that one thread updates without
// transactions (a private byte inside the same 8-byte word as transactional
// bytes, private words in the rest of the line). Two threads keep incrementing
// the transactional fields (and check inside each attempt that they agree);
// a runtime that wrote back whole words or lines from its copy would lose
// private updates. At the end every counter must be exact.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: line neighbours: 0 lost updates on 4 shared lines

#include "Inputs/stress.h"

enum { NLINES = 4, NTX = 2, TXNS = 50000, PRIVATE_ROUNDS = 2000000 };

struct line {
  uint8_t a1;             /* transactional */
  volatile uint8_t p1;    /* private, same word as a1, a2, a4 */
  uint16_t a2;            /* transactional */
  uint32_t a4;            /* transactional */
  uint64_t a8;            /* transactional */
  volatile uint64_t p[6]; /* private */
};
_Static_assert(sizeof(struct line) == 64, "one line");

static _Alignas(64) struct line lines[NLINES];
static atomic_ulong commits[NLINES], disagreements;
static atomic_int tx_done;
static long private_rounds;

struct job {
  int line;
  uint64_t pause;
};

static uint32_t inc_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  struct line *l = &lines[j->line];
  uint8_t a1 = __ame_load_1(tx, &l->a1, NULL);
  uint16_t a2 = __ame_load_2(tx, &l->a2, NULL);
  stress_pause(j->pause);
  uint32_t a4 = __ame_load_4(tx, &l->a4, NULL);
  uint64_t a8 = __ame_load_8(tx, &l->a8, NULL);
  if (a1 != (uint8_t)a8 || a2 != (uint16_t)a8 || a4 != (uint32_t)a8)
    atomic_fetch_add(&disagreements, 1);
  __ame_store_1(tx, &l->a1, (uint8_t)(a1 + 1), NULL);
  stress_pause(j->pause >> 8); /* the private writer runs meanwhile */
  __ame_store_2(tx, &l->a2, (uint16_t)(a2 + 1), NULL);
  __ame_store_4(tx, &l->a4, a4 + 1, NULL);
  __ame_store_8(tx, &l->a8, a8 + 1, NULL);
  return 0;
}

static void *thread_main(void *arg) {
  int id = (int)(intptr_t)arg;
  uint64_t rng = stress_seed((uint64_t)id);
  if (id == NTX) {
    /* The private writer: plain stores next to the transactional fields,
     * until the transactional threads are done (and at least ROUNDS). */
    long r;
    for (r = 0; r < PRIVATE_ROUNDS || !atomic_load(&tx_done); ++r)
      for (int k = 0; k < NLINES; ++k) {
        lines[k].p1 = (uint8_t)(lines[k].p1 + 1);
        lines[k].p[r % 6] = lines[k].p[r % 6] + 1;
      }
    private_rounds = r;
    return NULL;
  }
  for (int n = 0; n < TXNS; ++n) {
    uint64_t r = stress_rand(&rng);
    struct job j = {(int)(r % NLINES), stress_rand(&rng)};
    STRESS_RUN(inc_body, &j);
    atomic_fetch_add(&commits[j.line], 1);
  }
  if (id == 0)
    atomic_store(&tx_done, 1);
  return NULL;
}

int main(void) {
  stress_run_threads(NTX + 1, thread_main);
  STRESS_CHECK(atomic_load(&disagreements) == 0,
               "%lu attempts saw fields of one line disagree",
               atomic_load(&disagreements));
  for (int k = 0; k < NLINES; ++k) {
    struct line *l = &lines[k];
    uint64_t c = atomic_load(&commits[k]);
    STRESS_CHECK(l->a8 == c && l->a4 == (uint32_t)c && l->a2 == (uint16_t)c &&
                     l->a1 == (uint8_t)c,
                 "line %d: transactional fields %u %u %u %llu after %llu "
                 "commits",
                 k, l->a1, l->a2, l->a4, (unsigned long long)l->a8,
                 (unsigned long long)c);
    /* Round r added 1 to p1 and to p[r % 6]; nothing else writes them. */
    long rounds = private_rounds;
    STRESS_CHECK(l->p1 == (uint8_t)rounds,
                 "line %d: private byte %u after %ld rounds: a commit "
                 "overwrote it",
                 k, l->p1, rounds);
    for (int w = 0; w < 6; ++w)
      STRESS_CHECK(l->p[w] == (uint64_t)(rounds / 6 + (w < rounds % 6)),
                   "line %d: private word %d = %llu after %ld rounds: a "
                   "commit overwrote it",
                   k, w, (unsigned long long)l->p[w], rounds);
  }
  printf("%ld private rounds\n", private_rounds);
  printf("line neighbours: 0 lost updates on %d shared lines\n", NLINES);
  return 0;
}
