// Serializability: committed histories replay serially in the order of their
// serialization points.
//
// Four threads run random transactions (reads, writes, increments, some
// read-only) over 16 words on 6 cache lines. Each attempt records what it read
// and wrote; after commit the thread takes the transaction's serialization
// stamp from runtime/ame_testing.h (ame_testing_serial_stamps(): the time-stamp
// counter at the point where a writer's writes are all locked and its reads
// still valid, or where a reader read its final snapshot). The checker orders
// the history by those stamps, replays it serially from
// the initial memory and requires every read value and the final memory to
// match. It first proves it can fail: corrupted copies of the history (one read
// value changed, one writer's writes dropped) must be rejected. Finally
// ame_testing_last_was_read_only() must agree with what each transaction did
// (a serial one counts as a writer: code without barriers may have written).
// Some attempts pause (stress_pause) before an access or before commit, so
// other threads commit in the middle of them; one in 64 transactions turns
// serial (__ame_irrevocable_v2) before a random access.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// RUN: %if asan %{ %clang %rt_asan_cflags %s -o %t.asan %rt_asan_lib && \
// RUN:   %t.asan | FileCheck %s %}
// CHECK: checker self-test: corrupted read rejected
// CHECK: checker self-test: lost write rejected
// CHECK: serializable: 400000 transactions

#include "Inputs/stress.h"

#include <string.h>

enum { NTHREADS = 4, TXNS = 100000, NWORDS = 16, STRIDE = 3, MAXOPS = 12 };
enum op_kind { OP_READ, OP_WRITE, OP_INC };

/* Word k lives at mem[k * STRIDE]: some words share a line, some do not. */
static _Alignas(64) uint64_t mem[NWORDS * STRIDE];

struct op {
  uint8_t write; /* 0: the value was read, 1: the value was written */
  uint8_t word;
  uint64_t value;
};

struct txn {
  uint64_t ts;
  int read_only; /* as the runtime reports it */
  int wrote;     /* as the plan says */
  int serial;    /* it went serial: the runtime must assume it wrote */
  int thread, index;
  int nops, first; /* ops[first .. first + nops) in the thread's op pool */
};

struct thread_state {
  int id;
  uint64_t rng;
  /* The plan of the current transaction, fixed before it runs. */
  int nplan;
  uint8_t plan_kind[MAXOPS], plan_word[MAXOPS];
  uint64_t plan_value[MAXOPS];
  int pause_at;       /* pause (stress_pause) before this op, or at the end */
  int irrevocable_at; /* become inevitable before this op (-1: never) */
  uint64_t pause;
  /* What the current attempt did; reset at the start of every attempt. */
  int nrec;
  struct op rec[2 * MAXOPS];
  /* Committed history. */
  struct txn txns[TXNS];
  struct op *pool;
  int npool, cap;
};

static struct thread_state threads[NTHREADS];

static const struct __ame_site irrevocable_site = {__FILE__, "body", __LINE__,
                                                   0, "test"};

static uint64_t initial_value(int k) { return 1000 + (uint64_t)k; }

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  struct thread_state *t = ctx;
  t->nrec = 0;
  for (int i = 0; i < t->nplan; ++i) {
    uint64_t *w = &mem[t->plan_word[i] * STRIDE];
    uint64_t v;
    if (i == t->pause_at)
      stress_pause(t->pause); /* others may commit meanwhile */
    if (i == t->irrevocable_at) {
      /* Always wait first, so that what it read may have changed. */
      stress_pause(t->pause & ~(uint64_t)7);
      __ame_irrevocable_v2(tx, (void *)&irrevocable_site);
    }
    switch (t->plan_kind[i]) {
    case OP_READ:
      v = LD(tx, w);
      t->rec[t->nrec++] = (struct op){0, t->plan_word[i], v};
      break;
    case OP_WRITE:
      ST(tx, w, t->plan_value[i]);
      t->rec[t->nrec++] = (struct op){1, t->plan_word[i], t->plan_value[i]};
      break;
    case OP_INC:
      v = LD(tx, w);
      t->rec[t->nrec++] = (struct op){0, t->plan_word[i], v};
      ST(tx, w, v + 1);
      t->rec[t->nrec++] = (struct op){1, t->plan_word[i], v + 1};
      break;
    }
  }
  if (t->pause_at == t->nplan)
    stress_pause(t->pause);
  return 0;
}

static void make_plan(struct thread_state *t, int index) {
  uint64_t r = stress_rand(&t->rng);
  int read_only = r % 4 == 0;
  int has_write = 0;
  t->nplan =
      read_only ? 2 + (int)((r >> 8) % (MAXOPS - 1)) : 1 + (int)((r >> 8) % 8);
  for (int i = 0; i < t->nplan; ++i) {
    uint64_t s = stress_rand(&t->rng);
    t->plan_word[i] = (uint8_t)(s % NWORDS);
    t->plan_kind[i] = read_only ? OP_READ : (uint8_t)((s >> 8) % 3);
    /* Unique written values: a lost or misplaced write cannot go unnoticed. */
    t->plan_value[i] =
        ((uint64_t)(t->id + 1) << 48) | ((uint64_t)index << 8) | (uint64_t)i;
    has_write |= t->plan_kind[i] != OP_READ;
  }
  if (!read_only && !has_write)
    t->plan_kind[t->nplan - 1] = OP_WRITE;
  /* pause_at == nplan: after the last access, where only commit-time validation
   * can notice that something read has changed since. */
  t->pause_at = (int)((r >> 24) % (uint64_t)(t->nplan + 1));
  t->pause = stress_rand(&t->rng);
  /* One transaction in 64 turns inevitable in the middle, as before a call the
   * pass cannot instrument. */
  t->irrevocable_at = (r >> 32) % 64 == 0 ? (int)((r >> 40) % t->nplan) : -1;
}

static void *worker(void *arg) {
  struct thread_state *t = &threads[(intptr_t)arg];
  for (int n = 0; n < TXNS; ++n) {
    make_plan(t, n);
    int plan_writes = 0;
    for (int i = 0; i < t->nplan; ++i)
      plan_writes |= t->plan_kind[i] != OP_READ;
    STRESS_RUN(body, t);
    struct txn *x = &t->txns[n];
    x->ts = ame_testing_last_serial_ts();
    x->read_only = ame_testing_last_was_read_only();
    x->wrote = plan_writes;
    x->serial = t->irrevocable_at >= 0;
    x->thread = t->id;
    x->index = n;
    x->nops = t->nrec;
    x->first = t->npool;
    if (t->npool + t->nrec > t->cap) {
      t->cap *= 2;
      t->pool = realloc(t->pool, sizeof(struct op) * (size_t)t->cap);
      STRESS_CHECK(t->pool, "out of memory");
    }
    memcpy(&t->pool[t->npool], t->rec, sizeof(struct op) * (size_t)t->nrec);
    t->npool += t->nrec;
  }
  return NULL;
}

/*--- The checker ----------------------------------------------------------*/

static int txn_order(const void *pa, const void *pb) {
  const struct txn *a = *(const struct txn *const *)pa,
                   *b = *(const struct txn *const *)pb;
  if (a->ts != b->ts)
    return a->ts < b->ts ? -1 : 1;
  /* Stamps of different threads differ in their low bits: what follows only
   * makes the order total for a corrupted history. */
  if (a->read_only != b->read_only)
    return a->read_only - b->read_only;
  if (a->thread != b->thread)
    return a->thread - b->thread;
  return a->index - b->index;
}

static const struct op *op_of(const struct txn *x, int i) {
  return &threads[x->thread].pool[x->first + i];
}

/* Replays the history serially; returns 0 if it matches, or prints the first
 * mismatch (when verbose) and returns 1. */
static int check_history(const uint64_t *final_mem, int verbose) {
  const int total = NTHREADS * TXNS;
  const struct txn **order = malloc(sizeof(*order) * (size_t)total);
  int n = 0;
  for (int t = 0; t < NTHREADS; ++t)
    for (int i = 0; i < TXNS; ++i)
      order[n++] = &threads[t].txns[i];
  qsort(order, (size_t)n, sizeof(*order), txn_order);

  uint64_t state[NWORDS];
  for (int k = 0; k < NWORDS; ++k)
    state[k] = initial_value(k);
  int bad = 0;
  for (int i = 0; i < n && !bad; ++i) {
    const struct txn *x = order[i];
    if (!x->read_only && i > 0 && !order[i - 1]->read_only &&
        order[i - 1]->ts == x->ts) {
      if (verbose)
        printf("FAIL: two writers share serialization timestamp %llu "
               "(thread %d txn %d, thread %d txn %d)\n",
               (unsigned long long)x->ts, order[i - 1]->thread,
               order[i - 1]->index, x->thread, x->index);
      bad = 1;
      break;
    }
    for (int j = 0; j < x->nops; ++j) {
      const struct op *o = op_of(x, j);
      if (o->write) {
        state[o->word] = o->value;
      } else if (o->value != state[o->word]) {
        if (verbose)
          printf("FAIL: not serializable: at position %d of the serial "
                 "order (ts %llu, %s), thread %d txn %d op %d read word %d = "
                 "%#llx, serial replay has %#llx\n",
                 i, (unsigned long long)x->ts,
                 x->read_only ? "read-only" : "writer", x->thread, x->index, j,
                 o->word, (unsigned long long)o->value,
                 (unsigned long long)state[o->word]);
        bad = 1;
        break;
      }
    }
  }
  for (int k = 0; k < NWORDS && !bad; ++k) {
    if (final_mem[k] != state[k]) {
      if (verbose)
        printf("FAIL: final memory word %d = %#llx, serial replay ends with "
               "%#llx\n",
               k, (unsigned long long)final_mem[k],
               (unsigned long long)state[k]);
      bad = 1;
    }
  }
  free(order);
  return bad;
}

/* Whether some committed read returned v. */
static int value_was_read(uint64_t v) {
  for (int t = 0; t < NTHREADS; ++t)
    for (int i = 0; i < threads[t].npool; ++i)
      if (!threads[t].pool[i].write && threads[t].pool[i].value == v)
        return 1;
  return 0;
}

/* The checker must reject histories that are not serializable. */
static void self_test(const uint64_t *final_mem) {
  /* A read in the middle of thread 1's history returns a value no one wrote. */
  struct thread_state *t = &threads[1];
  int victim = -1;
  for (int i = TXNS / 2; i < TXNS && victim < 0; ++i)
    for (int j = 0; j < t->txns[i].nops && victim < 0; ++j)
      if (!t->pool[t->txns[i].first + j].write)
        victim = t->txns[i].first + j;
  STRESS_CHECK(victim >= 0, "self-test: no read to corrupt");
  t->pool[victim].value ^= 0x5A5A;
  STRESS_CHECK(check_history(final_mem, 0),
               "checker accepted a corrupted read value");
  t->pool[victim].value ^= 0x5A5A;
  printf("checker self-test: corrupted read rejected\n");

  /* A writer's writes disappear (a lost update): one whose write some read
   * returned, so that the loss is observable. */
  int wvictim = -1;
  for (int i = TXNS / 2; i < TXNS && wvictim < 0; ++i)
    for (int j = 0; j < t->txns[i].nops && wvictim < 0; ++j) {
      const struct op *w = &t->pool[t->txns[i].first + j];
      if (w->write && value_was_read(w->value))
        wvictim = i;
    }
  STRESS_CHECK(wvictim >= 0, "self-test: no writer to drop");
  int saved = t->txns[wvictim].nops;
  t->txns[wvictim].nops = 0;
  STRESS_CHECK(check_history(final_mem, 0),
               "checker accepted a history with a lost write");
  t->txns[wvictim].nops = saved;
  printf("checker self-test: lost write rejected\n");
}

int main(void) {
  ame_testing_serial_stamps();
  for (int k = 0; k < NWORDS; ++k)
    mem[k * STRIDE] = initial_value(k);
  for (int t = 0; t < NTHREADS; ++t) {
    threads[t].id = t;
    threads[t].rng = stress_seed((uint64_t)t);
    threads[t].cap = 8 * TXNS;
    threads[t].pool = malloc(sizeof(struct op) * (size_t)threads[t].cap);
  }
  double t0 = stress_now();
  stress_run_threads(NTHREADS, worker);
  double t1 = stress_now();

  uint64_t final_mem[NWORDS];
  for (int k = 0; k < NWORDS; ++k)
    final_mem[k] = mem[k * STRIDE];
  STRESS_CHECK(!check_history(final_mem, 1),
               "history is not serializable (see above)");
  self_test(final_mem);
  for (int t = 0; t < NTHREADS; ++t)
    for (int i = 0; i < TXNS; ++i) {
      const struct txn *x = &threads[t].txns[i];
      STRESS_CHECK(x->read_only == (!x->wrote && !x->serial),
                   "thread %d txn %d: ame_testing_last_was_read_only() = %d "
                   "for a transaction that %s%s",
                   t, i, x->read_only, x->wrote ? "wrote" : "only read",
                   x->serial ? " in serial mode" : "");
    }

  int read_only = 0;
  for (int t = 0; t < NTHREADS; ++t)
    for (int i = 0; i < TXNS; ++i)
      read_only += threads[t].txns[i].read_only;
  struct ame_stats s;
  ame_stats_total(&s);
  uint64_t aborts = 0;
  for (int c = 0; c < AME_ABORT_CAUSE_COUNT; ++c)
    aborts += s.aborts[c];
  printf("%d read-only, %llu aborts, %llu inevitable, %.2f s\n", read_only,
         (unsigned long long)aborts, (unsigned long long)s.inevitable_commits,
         t1 - t0);
  printf("serializable: %d transactions\n", NTHREADS * TXNS);
  return 0;
}
