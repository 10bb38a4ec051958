// Opacity with pointers: list readers never see a node unlinked or freed.
//
// A sorted linked list whose nodes are allocated (__ame_malloc) and freed
// (__ame_free) inside transactions. A removal also marks the node dead and
// points its next field at unmapped memory in the same transaction. Reader
// transactions walk the list with __ame_load_8 and check, inside every attempt,
// that each node is live, its check field matches its key, keys increase and
// the walk ends. A runtime that lets an attempt read a stale node after its
// unlink committed shows a dead node, or crashes on the bad pointer; an attempt
// that the fault handler had to rescue counts as a failure too (opacity, not
// sandboxing, must protect these readers).
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// RUN: %if asan %{ %clang %rt_asan_cflags %s -o %t.asan %rt_asan_lib && \
// RUN:   %t.asan | FileCheck %s %}
// CHECK: pointer chase: 0 violations in 400000 readers, list intact

#include "Inputs/stress.h"

enum {
  KEYS = 48,
  NWRITERS = 2,
  NREADERS = 2,
  WRITER_TXNS = 200000,
  READER_TXNS = 200000
};

#define LIVE 0x4C4956454E4F4445ULL
#define DEAD 0xDEADDEADDEADDEADULL
#define CHECKSUM(k) ((k)*0x9E3779B97F4A7C15ULL ^ LIVE)
#define BAD_POINTER ((struct node *)(uintptr_t)0x10)

struct node {
  uint64_t magic;
  uint64_t key;
  struct node *next;
  uint64_t check;
};

static _Alignas(64) struct node head = {LIVE, 0, NULL, 0};
static atomic_ulong violations, reader_attempts;
static atomic_long net_inserts;

static void check_node(struct __ame_tx *tx, struct node *n, uint64_t prev_key,
                       uint64_t *key) {
  uint64_t magic = LD(tx, &n->magic);
  uint64_t k = LD(tx, &n->key);
  uint64_t c = LD(tx, &n->check);
  if (magic != LIVE || c != CHECKSUM(k) || k <= prev_key || k > KEYS)
    atomic_fetch_add(&violations, 1);
  *key = k;
}

/* Finds the last node with key < k (prev) and its successor. Checks every node
 * it passes. */
static void find(struct __ame_tx *tx, uint64_t k, uint64_t pause,
                 struct node **prev, struct node **cur) {
  struct node *p = &head, *c = LDP(tx, &head.next);
  uint64_t prev_key = 0, ck;
  int steps = 0;
  while (c) {
    if (steps == 8) /* writers may unlink and free the nodes ahead */
      stress_pause(pause);
    if (++steps > KEYS) {
      atomic_fetch_add(&violations, 1); /* a cycle: stop instead of looping */
      break;
    }
    check_node(tx, c, prev_key, &ck);
    if (ck >= k)
      break;
    prev_key = ck;
    p = c;
    c = LDP(tx, &c->next);
  }
  *prev = p;
  *cur = c;
}

static int insert(struct __ame_tx *tx, uint64_t k, uint64_t pause) {
  struct node *p, *c;
  find(tx, k, pause, &p, &c);
  if (c && LD(tx, &c->key) == k)
    return 0;
  struct node *n = __ame_malloc(tx, sizeof(struct node));
  ST(tx, &n->magic, LIVE);
  ST(tx, &n->key, k);
  ST(tx, &n->check, CHECKSUM(k));
  ST(tx, &n->next, (uintptr_t)c);
  ST(tx, &p->next, (uintptr_t)n);
  return 1;
}

static int erase(struct __ame_tx *tx, uint64_t k, uint64_t pause) {
  struct node *p, *c;
  find(tx, k, pause, &p, &c);
  if (!c || LD(tx, &c->key) != k)
    return 0;
  ST(tx, &p->next, LD(tx, &c->next));
  ST(tx, &c->magic, DEAD);
  ST(tx, &c->next, (uintptr_t)BAD_POINTER);
  __ame_free(tx, c);
  return 1;
}

struct job {
  uint64_t rng;
  uint64_t k1, k2;
  int op;
  uint64_t pause; /* pause inside the attempt (stress_pause) */
  long delta;     /* net insertions of the last committed attempt */
};

static uint32_t writer_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  j->delta = 0;
  switch (j->op) {
  case 0:
    j->delta += insert(tx, j->k1, j->pause);
    break;
  case 1:
    j->delta -= erase(tx, j->k1, j->pause);
    break;
  default: /* move: unlink one node and link a fresh one elsewhere */
    j->delta -= erase(tx, j->k1, j->pause);
    j->delta += insert(tx, j->k2, STRESS_NO_PAUSE);
    break;
  }
  return 0;
}

static uint32_t reader_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  atomic_fetch_add_explicit(&reader_attempts, 1, memory_order_relaxed);
  struct node *p, *c;
  find(tx, KEYS + 1, j->pause, &p, &c); /* walks the whole list */
  return 0;
}

static void *thread_main(void *arg) {
  int id = (int)(intptr_t)arg;
  struct job j = {.rng = stress_seed((uint64_t)id)};
  for (int n = 0; n < (id < NWRITERS ? WRITER_TXNS : READER_TXNS); ++n) {
    uint64_t r = stress_rand(&j.rng);
    j.pause = stress_rand(&j.rng);
    if (id < NWRITERS) {
      j.op = (int)(r % 3);
      j.k1 = 1 + (r >> 8) % KEYS;
      j.k2 = 1 + (r >> 24) % KEYS;
      STRESS_RUN(writer_body, &j);
      atomic_fetch_add(&net_inserts, j.delta);
    } else {
      STRESS_RUN(reader_body, &j);
    }
  }
  return NULL;
}

static uint32_t fill_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (uint64_t k = 2; k <= KEYS; k += 2)
    insert(tx, k, STRESS_NO_PAUSE);
  return 0;
}

int main(void) {
  STRESS_RUN(fill_body, NULL);
  long initial = KEYS / 2;
  double t0 = stress_now();
  stress_run_threads(NWRITERS + NREADERS, thread_main);
  double t1 = stress_now();

  unsigned long v = atomic_load(&violations);
  STRESS_CHECK(v == 0, "%lu broken nodes seen inside transactions", v);
  struct ame_stats s;
  ame_stats_total(&s);
  STRESS_CHECK(s.aborts[AME_ABORT_FAULT] == 0,
               "%llu attempts faulted: a reader followed a stale pointer",
               (unsigned long long)s.aborts[AME_ABORT_FAULT]);
  long len = 0;
  uint64_t prev = 0;
  for (struct node *n = head.next; n; n = n->next, ++len) {
    STRESS_CHECK(len < KEYS && n->magic == LIVE &&
                     n->check == CHECKSUM(n->key) && n->key > prev,
                 "final list broken at position %ld", len);
    prev = n->key;
  }
  STRESS_CHECK(len == initial + atomic_load(&net_inserts),
               "final list has %ld nodes, committed transactions say %ld", len,
               initial + atomic_load(&net_inserts));
  uint64_t aborts = 0;
  for (int c = 0; c < AME_ABORT_CAUSE_COUNT; ++c)
    aborts += s.aborts[c];
  printf("%lu reader attempts, %llu aborts, %ld nodes, %.2f s\n",
         atomic_load(&reader_attempts), (unsigned long long)aborts, len,
         t1 - t0);
  printf("pointer chase: 0 violations in %d readers, list intact\n",
         NREADERS * READER_TXNS);
  return 0;
}
