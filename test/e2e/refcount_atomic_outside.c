// With -ame-refcount-atomic-outside, code outside blocks and blocks share reference counts without losing an update: threads incref and decref shared objects both outside blocks (atomicrmw) and inside them (deltas added at commit by compare-and-swap), and every count ends where it started; nothing is freed early.
// RUN: %ame_cc -O2 -mllvm -ame-refcount-atomic-outside %s -o %t
// RUN: %t 2 | FileCheck %s
// RUN: %t 4 | FileCheck %s
// RUN: %ame_cc -O0 -mllvm -ame-refcount-atomic-outside %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
//
// CHECK: counts 1 1, frees 0
// CHECK-NEXT: PASS

#include <ame.h>

#include <stdio.h>
#include <stdlib.h>

#include "Inputs/threads.h"

enum { OBJECTS = 2, ROUNDS = 100000, OUTSIDE = 8 };

struct object {
  _Alignas(64) AME_REFCOUNT long refcnt;
  long payload;
};

static struct object objects[OBJECTS];
static int frees;

static void dealloc(struct object *o) {
  (void)o;
  frees++;
}

static void incref(struct object *o) { o->refcnt++; }

static void decref(struct object *o) {
  if (--o->refcnt == 0)
    dealloc(o);
}

static void *work(void *arg) {
  long me = (long)arg;
  pthread_barrier_wait(&start_line);
  for (long i = 0; i < ROUNDS; i++) {
    struct object *o = &objects[(i + me) % OBJECTS];
    if ((i + me) % 2) {
      /* Outside: atomicrmw. The empty asm keeps the compiler from folding
       * the plain increments of a build without the option, which races
       * (lost updates are possible, though rare on a loaded machine). */
      for (int k = 0; k < OUTSIDE; k++) {
        incref(o);
        __asm__ volatile("" ::: "memory");
        decref(o);
        __asm__ volatile("" ::: "memory");
      }
    } else {
      ame_atomic {
        incref(o);
        incref(o);
        decref(o);
      }
      ame_atomic { decref(o); }
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  if (!n)
    return 2;
  for (int k = 0; k < OBJECTS; k++)
    objects[k].refcnt = 1;
  e2e_run(n, work);
  printf("counts %ld %ld, frees %d\n", objects[0].refcnt, objects[1].refcnt,
         frees);
  int ok = frees == 0;
  for (int k = 0; k < OBJECTS; k++)
    ok &= objects[k].refcnt == 1;
  printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
