/*===- pyobjects.c - CPython-shaped objects: shared refcounts, fixed types ===
 *
 * Objects as CPython lays them out: a reference count and a type pointer at
 * the head of every object, types shared by all objects of a kind, and a few
 * objects (small ints, None) that every piece of work references. Each work
 * item, one atomic block, evaluates a small "expression": it builds a tuple
 * of references to shared small ints (increfs), dispatches on each element's
 * type to sum their values, allocates a result object, and releases
 * everything (decrefs, `if (--o->ob_refcnt == 0) dealloc(o)`).
 *
 * With AME_REFCOUNT the count changes of different threads commute (deltas
 * applied at commit) and with AME_IMMUTABLE the type reads need no barrier,
 * so the threads do not conflict on the shared objects. Built with
 * -DPLAIN_FIELDS (the annotations compiled out), every incref of a small int
 * writes its line and the threads conflict all the time. The program runs
 * the same work on 1 thread, then on N, checks the results and the counts,
 * and prints the speedup.
 *
 *   build/bin/ame-cc -O2 examples/pyobjects.c -o pyobjects && ./pyobjects 2
 *   build/bin/ame-cc -O2 -DPLAIN_FIELDS examples/pyobjects.c -o plain
 *===----------------------------------------------------------------------===*/
#include <ame.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef PLAIN_FIELDS
#undef AME_REFCOUNT
#define AME_REFCOUNT
#undef AME_IMMUTABLE
#define AME_IMMUTABLE
#endif

struct pytype;

/* PyObject_HEAD */
struct pyobject {
  AME_REFCOUNT long ob_refcnt;
  AME_IMMUTABLE const struct pytype *ob_type;
};

struct pytype {
  struct pyobject head;
  const char *tp_name;
  long (*nb_value)(const struct pyobject *o); /* the number it stands for */
  void (*tp_dealloc)(struct pyobject *o);
};

struct pyint {
  struct pyobject head;
  AME_IMMUTABLE long value; /* ints are immutable, as in Python */
};

struct pytuple {
  struct pyobject head;
  long size;
  struct pyobject *item[];
};

static long int_value(const struct pyobject *o) {
  return ((const struct pyint *)o)->value;
}
static long none_value(const struct pyobject *o) {
  (void)o;
  return 0;
}
static void object_dealloc(struct pyobject *o) { free(o); }
static void tuple_dealloc(struct pyobject *o);

static const struct pytype int_type = {{1, NULL}, "int", int_value,
                                       object_dealloc};
static const struct pytype none_type = {{1, NULL}, "NoneType", none_value,
                                        object_dealloc};
static const struct pytype tuple_type = {{1, NULL}, "tuple", none_value,
                                         tuple_dealloc};

static void incref(struct pyobject *o) { o->ob_refcnt++; }

static void decref(struct pyobject *o) {
  if (--o->ob_refcnt == 0)
    o->ob_type->tp_dealloc(o);
}

static void tuple_dealloc(struct pyobject *o) {
  struct pytuple *t = (struct pytuple *)o;
  for (long i = 0; i < t->size; i++)
    decref(t->item[i]);
  free(t);
}

/* Shared objects, each on a line of its own as CPython's allocator would
 * put them (not adjacent in one array). */
enum { SMALL_INTS = 8, TUPLE = 6 };
struct shared_int {
  _Alignas(64) struct pyint o;
};
static struct shared_int small_ints[SMALL_INTS];
static _Alignas(64) struct pyobject none = {1, &none_type};

static struct pyobject *new_int(long v) {
  struct pyint *o = malloc(sizeof *o);
  o->head.ob_refcnt = 1;
  o->head.ob_type = &int_type;
  o->value = v;
  return &o->head;
}

/* Work that does not touch shared memory: a hash of the item's number. */
static long mix(long x) {
  uint64_t h = (uint64_t)x * 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < 300; i++)
    h = (h ^ (h >> 29)) * 0xbf58476d1ce4e5b9ull + (uint64_t)i;
  return (long)(h & 0xffff);
}

/* One work item: result[i] = mix(i) + the sum of a tuple of small ints. */
static void evaluate(long i, long *result) {
  ame_atomic {
    struct pytuple *t = malloc(sizeof *t + TUPLE * sizeof(struct pyobject *));
    t->head.ob_refcnt = 1;
    t->head.ob_type = &tuple_type;
    t->size = TUPLE;
    for (long k = 0; k < TUPLE; k++) {
      struct pyobject *o = k == TUPLE - 1
                               ? &none
                               : &small_ints[(i + k) % SMALL_INTS].o.head;
      incref(o);
      t->item[k] = o;
    }
    long sum = mix(i);
    for (long k = 0; k < t->size; k++)
      sum += t->item[k]->ob_type->nb_value(t->item[k]);
    struct pyobject *r = new_int(sum);
    *result = int_value(r);
    decref(r);
    decref(&t->head);
  }
}

static long items;
static long *results;
static pthread_barrier_t start_line;

struct worker {
  pthread_t thread;
  long first, end;
};

static void *work(void *arg) {
  struct worker *w = arg;
  pthread_barrier_wait(&start_line);
  for (long i = w->first; i < w->end; i++)
    evaluate(i, &results[i]);
  return NULL;
}

static double run(int threads) {
  struct worker w[64];
  pthread_barrier_init(&start_line, NULL, (unsigned)threads + 1);
  for (int t = 0; t < threads; t++) {
    w[t].first = items * t / threads;
    w[t].end = items * (t + 1) / threads;
    pthread_create(&w[t].thread, NULL, work, &w[t]);
  }
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  pthread_barrier_wait(&start_line);
  for (int t = 0; t < threads; t++)
    pthread_join(w[t].thread, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  pthread_barrier_destroy(&start_line);
  return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
}

/* The results and the counts after a run: every count is back to 1. */
static int check(void) {
  int bad = 0;
  for (long i = 0; i < items; i++) {
    long want = mix(i);
    for (long k = 0; k < TUPLE - 1; k++)
      want += (i + k) % SMALL_INTS;
    bad += results[i] != want;
  }
  for (int k = 0; k < SMALL_INTS; k++)
    bad += small_ints[k].o.head.ob_refcnt != 1;
  bad += none.ob_refcnt != 1;
  return bad;
}

static uint64_t aborts_total(uint64_t *commits) {
  struct ame_stats s;
  ame_stats_total(&s);
  uint64_t a = 0;
  for (int c = 0; c < AME_ABORT_CAUSE_COUNT; c++)
    a += s.aborts[c];
  *commits = s.commits;
  return a;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  items = argc > 2 ? atol(argv[2]) : 400000;
  if (threads < 1 || threads > 64 || items < 1) {
    fprintf(stderr, "usage: %s [threads (1-64)] [items]\n", argv[0]);
    return 2;
  }
  for (int k = 0; k < SMALL_INTS; k++)
    small_ints[k].o = (struct pyint){{1, &int_type}, k};
  results = calloc((size_t)items, sizeof *results);
#ifdef PLAIN_FIELDS
  const char *build = "without annotations";
#else
  const char *build = "with AME_REFCOUNT and AME_IMMUTABLE";
#endif
  printf("%ld work items, objects %s\n", items, build);
  uint64_t c0, c1, c2;
  uint64_t a0 = aborts_total(&c0);
  double t1 = run(1);
  uint64_t a1 = aborts_total(&c1);
  int bad = check();
  printf("  1 thread   %.3f s  %llu commits %llu aborts\n", t1,
         (unsigned long long)(c1 - c0), (unsigned long long)(a1 - a0));
  double tn = run(threads);
  uint64_t a2 = aborts_total(&c2);
  bad += check();
  printf("  %d threads  %.3f s  %llu commits %llu aborts\n", threads, tn,
         (unsigned long long)(c2 - c1), (unsigned long long)(a2 - a1));
  printf("result %s, speedup with %d threads: %.2fx\n",
         bad ? "WRONG" : "ok", threads, t1 / tn);
  free(results);
  return bad ? 1 : 0;
}
