// Reference counts (AME_REFCOUNT deltas): objects shared, released and freed
// by transactions on several threads are freed exactly once, never while
// referenced, and the history replays serially.
//
// Four threads run transactions over 8 shared slots, each holding an object
// with a reference count changed only through __ame_refcount_add (deltas
// applied at commit) and released with the dec-and-test pattern
// (__ame_refcount_test of the new value against 0). A transaction acquires a
// slot's object (+1, kept in the thread's hand), releases one it holds (-1;
// at 0 it marks the object dead and frees it with __ame_free), replaces a
// slot's object with a new one (the slot's reference released), or takes and
// drops a reference in one go (+1, -1 and the test: net delta 0), or does
// that to the objects of 3 neighbouring slots at once (several counters in
// one transaction's log, the same ones again and again). Each
// acquire reads the object's magic word (tracked): a dead object there fails.
// Every committed transaction is recorded with its serialization stamp; the
// history is replayed serially in stamp order on a model, which must agree
// with every test outcome the transactions saw, with which objects were
// freed (each exactly once, counted at commit), and with the final counts.
// Under ASan, a read of an object freed too early is a use-after-free.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// RUN: %if asan %{ %clang %rt_asan_cflags %s -o %t.asan %rt_asan_lib && \
// RUN:   %t.asan | FileCheck %s %}
// CHECK: replayed {{[0-9]+}} transactions: outcomes, frees and counts match

#include "Inputs/stress.h"

#include <string.h>

enum { NTHREADS = 4, TXNS = 40000, NSLOTS = 8, HAND = 4 };
enum { MAXOBJ = NSLOTS + NTHREADS * TXNS + 1 };
enum op_kind { OP_ACQUIRE, OP_RELEASE, OP_REPLACE, OP_TOUCH, OP_MULTI };
enum { MULTI = 3 }; /* objects one OP_MULTI touches */
#define ALIVE 0xA11CEull
#define DEAD 0xDEADull
#define EQ0 (AME_RC_EQ | 8u << 8)

/* The count has a line of its own, so only deltas and tests touch it: a
 * tracked read of the other fields would make its commits conflict. */
struct obj {
  uint64_t refcnt; /* AME_REFCOUNT: only deltas and tests */
  uint64_t pad[7];
  uint64_t id;
  uint64_t magic;
  uint64_t pad2[6];
};

static _Alignas(64) uint64_t slot[NSLOTS * 8]; /* slot s at [s * 8] */
static atomic_uint freed[MAXOBJ];   /* frees counted at commit     */
static atomic_uint dead_seen;       /* acquires that saw DEAD      */
static atomic_uint next_id = NSLOTS + 1;

struct rec {
  uint64_t ts;
  uint8_t kind, slot, zero; /* zero: the outcome of the test */
  uint32_t id, new_id;
  uint32_t multi[MULTI]; /* OP_MULTI: the objects, each tested once */
  uint8_t multi_zero;    /* OP_MULTI: the tests that saw 0, as bits */
};

struct thread_state {
  uint64_t rng;
  /* The plan, fixed before the transaction runs. */
  uint8_t kind, slot;
  int hand_at;
  uint32_t new_id;
  uint64_t pause;
  /* What the attempt did (reset at its start). */
  uint32_t id;
  int zero;
  uint32_t multi[MULTI];
  int multi_zero;
  struct obj *got;
  /* Objects the thread holds a reference to. */
  struct obj *hand[HAND];
  int nhand;
  struct rec *log;
  int nlog;
};

static struct thread_state threads[NTHREADS];

static void count_free(void *arg) { atomic_fetch_add(&freed[(uintptr_t)arg], 1); }

/* -1 and the test; at 0 the object dies in this transaction. */
static void release(struct __ame_tx *tx, struct thread_state *t,
                    struct obj *o) {
  uint64_t v = __ame_refcount_add(tx, &o->refcnt, (uint64_t)-1, 8, NULL);
  t->zero = (int)__ame_refcount_test(tx, &o->refcnt, v, 0, EQ0, NULL);
  if (t->zero) {
    uint64_t id = LD(tx, &o->id);
    ST(tx, &o->magic, DEAD);
    __ame_free(tx, o);
    ame_on_commit(count_free, (void *)(uintptr_t)id);
  }
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  struct thread_state *t = ctx;
  t->zero = 0;
  t->got = NULL;
  uint64_t *s = &slot[t->slot * 8];
  switch (t->kind) {
  case OP_ACQUIRE:
  case OP_TOUCH: {
    struct obj *o = LDP(tx, s);
    __ame_refcount_add(tx, &o->refcnt, 1, 8, NULL);
    stress_pause(t->pause);
    if (LD(tx, &o->magic) != ALIVE)
      atomic_fetch_add(&dead_seen, 1);
    t->id = (uint32_t)LD(tx, &o->id);
    if (t->kind == OP_TOUCH)
      release(tx, t, o);
    else
      t->got = o;
    break;
  }
  case OP_MULTI: {
    struct obj *o[MULTI];
    t->multi_zero = 0;
    for (int k = 0; k < MULTI; k++) {
      o[k] = LDP(tx, &slot[((t->slot + k) % NSLOTS) * 8]);
      __ame_refcount_add(tx, &o[k]->refcnt, 1, 8, NULL);
      t->multi[k] = (uint32_t)LD(tx, &o[k]->id);
    }
    stress_pause(t->pause);
    for (int k = 0; k < MULTI; k++) {
      release(tx, t, o[k]);
      t->multi_zero |= t->zero << k;
    }
    break;
  }
  case OP_RELEASE: {
    struct obj *o = t->hand[t->hand_at];
    t->id = (uint32_t)LD(tx, &o->id);
    stress_pause(t->pause);
    release(tx, t, o);
    break;
  }
  case OP_REPLACE: {
    struct obj *old = LDP(tx, s);
    struct obj *n = __ame_aligned_alloc(tx, 64, sizeof *n);
    ST(tx, &n->refcnt, 1);
    ST(tx, &n->id, t->new_id);
    ST(tx, &n->magic, ALIVE);
    ST(tx, s, (uintptr_t)n);
    t->id = (uint32_t)LD(tx, &old->id);
    stress_pause(t->pause);
    release(tx, t, old);
    break;
  }
  }
  /* Others may commit between the test and this commit. */
  stress_pause(t->pause >> 8);
  return 0;
}

static void *worker(void *arg) {
  int me = (int)(intptr_t)arg;
  struct thread_state *t = &threads[me];
  t->rng = stress_seed((uint64_t)me);
  for (int i = 0; i < TXNS; i++) {
    uint64_t r = stress_rand(&t->rng);
    t->slot = (uint8_t)(r % NSLOTS);
    t->pause = r >> 20;
    switch ((r >> 8) % 4) {
    case 0:
      t->kind = t->nhand < HAND ? OP_ACQUIRE : OP_RELEASE;
      break;
    case 1:
      t->kind = t->nhand ? OP_RELEASE : OP_TOUCH;
      break;
    case 2:
      t->kind = OP_REPLACE;
      break;
    default:
      t->kind = (r >> 16) % 2 ? OP_TOUCH : OP_MULTI;
    }
    t->hand_at = t->nhand ? (int)((r >> 12) % (uint64_t)t->nhand) : 0;
    t->new_id = t->kind == OP_REPLACE ? atomic_fetch_add(&next_id, 1) : 0;
    STRESS_RUN(body, t);
    struct rec *x = &t->log[t->nlog++];
    *x = (struct rec){ame_testing_last_serial_ts(), t->kind, t->slot,
                      (uint8_t)t->zero, t->id, t->new_id,
                      {t->multi[0], t->multi[1], t->multi[2]},
                      (uint8_t)t->multi_zero};
    if (t->kind == OP_ACQUIRE)
      t->hand[t->nhand++] = t->got;
    else if (t->kind == OP_RELEASE)
      t->hand[t->hand_at] = t->hand[--t->nhand];
  }
  /* Drop what is left in the hand (recorded too). */
  while (t->nhand) {
    t->kind = OP_RELEASE;
    t->hand_at = t->nhand - 1;
    STRESS_RUN(body, t);
    t->log[t->nlog++] = (struct rec){ame_testing_last_serial_ts(), OP_RELEASE,
                                     0, (uint8_t)t->zero, t->id, 0, {0}, 0};
    t->nhand--;
  }
  return NULL;
}

static uint32_t init_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (int s = 0; s < NSLOTS; s++) {
    struct obj *n = __ame_aligned_alloc(tx, 64, sizeof *n);
    ST(tx, &n->refcnt, 1);
    ST(tx, &n->id, s + 1);
    ST(tx, &n->magic, ALIVE);
    ST(tx, &slot[s * 8], (uintptr_t)n);
  }
  return 0;
}

static int by_ts(const void *a, const void *b) {
  uint64_t x = ((const struct rec *)a)->ts, y = ((const struct rec *)b)->ts;
  return x < y ? -1 : x > y;
}

static int64_t model[MAXOBJ]; /* reference count; -1: never existed */
static uint32_t model_slot[NSLOTS];

/* The model's -1: returns whether it reached 0. */
static int model_release(uint32_t id, const struct rec *x) {
  STRESS_CHECK(model[id] > 0, "stamp %llu: release of object %u with count %lld",
               (unsigned long long)x->ts, id, (long long)model[id]);
  return --model[id] == 0;
}

int main(void) {
  ame_testing_serial_stamps();
  for (int i = 0; i < NTHREADS; i++)
    threads[i].log = calloc(TXNS + HAND + 1, sizeof(struct rec));
  STRESS_RUN(init_body, NULL);
  stress_run_threads(NTHREADS, worker);

  size_t n = 0;
  for (int i = 0; i < NTHREADS; i++)
    n += (size_t)threads[i].nlog;
  struct rec *all = malloc(n * sizeof *all), *p = all;
  for (int i = 0; i < NTHREADS; i++) {
    memcpy(p, threads[i].log, (size_t)threads[i].nlog * sizeof *p);
    p += threads[i].nlog;
  }
  qsort(all, n, sizeof *all, by_ts);
  for (uint32_t id = 0; id < MAXOBJ; id++)
    model[id] = -1;
  for (uint32_t s = 0; s < NSLOTS; s++) {
    model_slot[s] = s + 1;
    model[s + 1] = 1;
  }
  for (size_t i = 0; i < n; i++) {
    const struct rec *x = &all[i];
    int zero = 0;
    switch (x->kind) {
    case OP_ACQUIRE:
    case OP_TOUCH:
      STRESS_CHECK(model_slot[x->slot] == x->id,
                   "stamp %llu: slot %u held object %u, the transaction saw %u",
                   (unsigned long long)x->ts, x->slot, model_slot[x->slot],
                   x->id);
      model[x->id]++;
      if (x->kind == OP_TOUCH)
        zero = model_release(x->id, x);
      break;
    case OP_RELEASE:
      zero = model_release(x->id, x);
      break;
    case OP_MULTI:
      for (int k = 0; k < MULTI; k++) {
        uint32_t sl = (x->slot + k) % NSLOTS;
        STRESS_CHECK(model_slot[sl] == x->multi[k],
                     "stamp %llu: slot %u held object %u, the transaction saw "
                     "%u",
                     (unsigned long long)x->ts, sl, model_slot[sl],
                     x->multi[k]);
        model[x->multi[k]]++;
      }
      for (int k = 0; k < MULTI; k++) {
        int z = model_release(x->multi[k], x);
        STRESS_CHECK(z == ((x->multi_zero >> k) & 1),
                     "stamp %llu: object %u: a test saw %s, the serial "
                     "replay %s",
                     (unsigned long long)x->ts, x->multi[k],
                     (x->multi_zero >> k) & 1 ? "0" : "not 0",
                     z ? "0" : "not 0");
        zero = z;
      }
      break;
    case OP_REPLACE:
      STRESS_CHECK(model_slot[x->slot] == x->id,
                   "stamp %llu: slot %u held object %u, the replace saw %u",
                   (unsigned long long)x->ts, x->slot, model_slot[x->slot],
                   x->id);
      model_slot[x->slot] = x->new_id;
      model[x->new_id] = 1;
      zero = model_release(x->id, x);
      break;
    }
    STRESS_CHECK(zero == x->zero,
                 "stamp %llu: object %u: the test saw %s, the serial replay %s",
                 (unsigned long long)x->ts, x->id, x->zero ? "0" : "not 0",
                 zero ? "0" : "not 0");
  }
  STRESS_CHECK(atomic_load(&dead_seen) == 0, "%u acquires saw a dead object",
               atomic_load(&dead_seen));
  unsigned nfreed = 0;
  for (uint32_t id = 1; id < MAXOBJ; id++) {
    unsigned f = atomic_load(&freed[id]);
    if (model[id] < 0) {
      STRESS_CHECK(f == 0, "object %u never existed but was freed", id);
      continue;
    }
    STRESS_CHECK(f == (model[id] == 0), "object %u: count %lld, freed %u times",
                 id, (long long)model[id], f);
    nfreed += f;
  }
  for (uint32_t s = 0; s < NSLOTS; s++) {
    const struct obj *o = (const struct obj *)(uintptr_t)slot[s * 8];
    STRESS_CHECK(o->id == model_slot[s] && o->magic == ALIVE,
                 "slot %u: object %llu, the replay has %u", s,
                 (unsigned long long)o->id, model_slot[s]);
    STRESS_CHECK((int64_t)o->refcnt == model[o->id],
                 "object %u: count %llu, the replay has %lld", model_slot[s],
                 (unsigned long long)o->refcnt, (long long)model[o->id]);
  }
  printf("replayed %zu transactions: outcomes, frees and counts match "
         "(%u objects freed)\n",
         n, nfreed);
  free(all);
  for (int i = 0; i < NTHREADS; i++)
    free(threads[i].log);
  return 0;
}
