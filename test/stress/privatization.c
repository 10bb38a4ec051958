// Privatization: memory a transaction unlinked is not written by others later.
//
// Slots point to 64-line nodes whose words all hold the same value; mutator
// transactions add 1 to every word of the node a slot points to. A privatizer
// unlinks a node in a transaction and then uses it without transactions: it
// first checks the node is consistent (no earlier commit is still writing back
// into it), then writes a private pattern, re-reads it for a while and checks
// it was not touched, while other threads keep running mutators that may have
// read the pointer before the unlink. Finally it makes the node consistent
// again and republishes it. Mutators also write 512 lines of their own, before
// and after the node, so their write-back is long enough for a privatizer to
// overlap it if the runtime let the privatizer return too early.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: privatization: {{[0-9]+}} nodes privatized, 0 corruptions

#include "Inputs/stress.h"

enum {
  NTHREADS = 4,
  ITERS = 40000,
  NSLOTS = 4,
  WORDS = 512,
  REREADS = 6,
  SCRATCH = 256
};

struct node {
  _Alignas(64) uint64_t data[WORDS];
};

/* Slot s is slots[s * 8], alone on its line. */
static _Alignas(64) struct node *slots[NSLOTS * 8];
static struct node nodes[NSLOTS];
static atomic_ulong privatized, inconsistent, corrupted;

/* Each mutator also writes SCRATCH lines of its own before and after the
 * node, so its write-back is long, with the node's lines in the middle. */
static _Alignas(64) uint64_t scratch[NTHREADS][2][SCRATCH * 8];

struct job {
  int id;
  int slot;
  uint64_t pause; /* pause inside the attempt (stress_pause) */
  struct node *got;
};

static uint32_t mutate_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  struct node *p = LDP(tx, &slots[j->slot * 8]);
  if (!p)
    return 0;
  for (int l = 0; l < SCRATCH; ++l)
    ST(tx, &scratch[j->id][0][l * 8], l);
  for (int w = 0; w < WORDS; ++w) {
    if (w == WORDS / 2)
      stress_pause(j->pause); /* a privatizer may unlink p meanwhile */
    ST(tx, &p->data[w], LD(tx, &p->data[w]) + 1);
  }
  for (int l = 0; l < SCRATCH; ++l)
    ST(tx, &scratch[j->id][1][l * 8], l);
  return 0;
}

static uint32_t privatize_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  j->got = LDP(tx, &slots[j->slot * 8]);
  if (j->got)
    ST(tx, &slots[j->slot * 8], 0);
  return 0;
}

static uint32_t publish_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  ST(tx, &slots[j->slot * 8], (uintptr_t)j->got);
  return 0;
}

static uint64_t pattern(int id, int iter, int w) {
  return ((uint64_t)(id + 1) << 56) | ((uint64_t)iter << 16) | (uint64_t)w;
}

static void use_privately(int id, int iter, uint64_t r, struct node *p) {
  volatile uint64_t *d = p->data;
  uint64_t v0 = d[0];
  for (int w = 1; w < WORDS; ++w)
    if (d[w] != v0) {
      atomic_fetch_add(&inconsistent, 1);
      break;
    }
  for (int w = 0; w < WORDS; ++w)
    d[w] = pattern(id, iter, w);
  for (int n = 0; n < REREADS; ++n) {
    for (int w = 0; w < WORDS; ++w)
      if (d[w] != pattern(id, iter, w)) {
        atomic_fetch_add(&corrupted, 1);
        n = REREADS;
        break;
      }
    if (n == REREADS / 2)
      stress_pause(r); /* sometimes give a stale mutator the processor */
    for (volatile int i = 0; i < 100; ++i) {
    }
  }
  for (int w = 0; w < WORDS; ++w)
    d[w] = (uint64_t)iter;
}

static void *thread_main(void *arg) {
  int id = (int)(intptr_t)arg;
  uint64_t rng = stress_seed((uint64_t)id);
  for (int n = 0; n < ITERS; ++n) {
    uint64_t r = stress_rand(&rng);
    struct job j = {
        .id = id, .slot = (int)(r % NSLOTS), .pause = stress_rand(&rng)};
    if ((r >> 8) % 2 == 0) {
      STRESS_RUN(privatize_body, &j);
      if (j.got) {
        atomic_fetch_add(&privatized, 1);
        use_privately(id, n, stress_rand(&rng), j.got);
        STRESS_RUN(publish_body, &j);
      }
    } else {
      STRESS_RUN(mutate_body, &j);
    }
  }
  return NULL;
}

int main(void) {
  for (int s = 0; s < NSLOTS; ++s)
    slots[s * 8] = &nodes[s];
  double t0 = stress_now();
  stress_run_threads(NTHREADS, thread_main);
  double t1 = stress_now();
  STRESS_CHECK(
      atomic_load(&inconsistent) == 0,
      "%lu privatized nodes were still being written by an earlier commit",
      atomic_load(&inconsistent));
  STRESS_CHECK(atomic_load(&corrupted) == 0,
               "%lu private patterns were overwritten by transactions",
               atomic_load(&corrupted));
  for (int s = 0; s < NSLOTS; ++s) {
    STRESS_CHECK(slots[s * 8] != NULL, "slot %d left empty", s);
    for (int w = 1; w < WORDS; ++w)
      STRESS_CHECK(slots[s * 8]->data[w] == slots[s * 8]->data[0],
                   "node %d inconsistent", s);
  }
  printf("%.2f s\n", t1 - t0);
  printf("privatization: %lu nodes privatized, 0 corruptions\n",
         atomic_load(&privatized));
  return 0;
}
