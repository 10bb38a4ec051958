// Threads that incref a shared object, read through its immutable type pointer and decref it (the `if (--o->refcnt == 0)` pattern) get exact counts and free it exactly once; with AME_REFCOUNT their count changes never conflict, so with the type pointer on a line of its own there are zero aborts. The same source with the annotations compiled out prints its abort count for comparison. (With the type pointer on the count's line, zero aborts also needs AME_IMMUTABLE: refcount_zero_aborts.test.)
// RUN: %ame_cc -O2 -DTYPE_OWN_LINE %s -o %t.own
// RUN: %t.own 2 1000000 | FileCheck %s --check-prefixes=CHECK,ZERO
// RUN: %t.own 4 1000000 | FileCheck %s --check-prefixes=CHECK,ZERO
// RUN: %ame_cc -O0 -DTYPE_OWN_LINE %s -o %t.own0
// RUN: %t.own0 2 50000 | FileCheck %s --check-prefixes=CHECK,ZERO
// RUN: %ame_cc -O2 %s -o %t.shared
// RUN: %t.shared 2 100000 | FileCheck %s
// RUN: %ame_cc -O2 -DPLAIN_FIELDS %s -o %t.plain
// RUN: %t.plain 2 1000000 | FileCheck %s
// RUN: %t.plain 4 1000000 | FileCheck %s
//
// CHECK: refcount 1 after the threads, size sum ok
// CHECK-NEXT: freed 1 time(s)
// ZERO-NEXT: aborts 0
// CHECK: PASS

#include <ame.h>

#include <stdio.h>
#include <stdlib.h>

#include "Inputs/threads.h"

/* The same source without the annotations: every count change is an
 * ordinary read and write of the object's line. */
#ifdef PLAIN_FIELDS
#undef AME_REFCOUNT
#define AME_REFCOUNT
#undef AME_IMMUTABLE
#define AME_IMMUTABLE
#endif

struct type {
  const char *name;
  long size;
};

struct object {
  AME_REFCOUNT long refcnt;
#ifdef TYPE_OWN_LINE
  char pad[56];
#endif
  AME_IMMUTABLE const struct type *type;
};

static const struct type int_type = {"int", 28};
static _Alignas(64) struct object *shared;
static int frees;
static long txns;

static void dealloc(struct object *o) {
  frees++;
  free(o);
}

static void incref(struct object *o) { o->refcnt++; }

static void decref(struct object *o) {
  if (--o->refcnt == 0)
    dealloc(o);
}

static void *work(void *arg) {
  (void)arg;
  long sum = 0;
  pthread_barrier_wait(&start_line);
  for (long i = 0; i < txns; i++) {
    ame_atomic {
      struct object *o = shared;
      incref(o);
      sum += o->type->size;
      decref(o);
    }
  }
  return (void *)(sum == txns * int_type.size ? 0L : 1L);
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  txns = argc > 2 ? atol(argv[2]) : 1000000;
  if (!n || txns < 1)
    return 2;
  struct object *o = aligned_alloc(64, 128);
  o->refcnt = 1;
  o->type = &int_type;
  shared = o;
  long bad = e2e_run(n, work);
  long rc;
  ame_atomic { rc = shared->refcnt; }
  printf("refcount %ld after the threads, size sum %s\n", rc,
         bad ? "WRONG" : "ok");
  struct ame_stats s;
  ame_stats_total(&s);
  uint64_t aborts = 0;
  for (int c = 0; c < AME_ABORT_CAUSE_COUNT; c++)
    aborts += s.aborts[c];
  ame_atomic { decref(shared); }
  printf("freed %d time(s)\n", frees);
  printf("aborts %llu\n", (unsigned long long)aborts);
  int ok = rc == 1 && !bad && frees == 1;
  printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
