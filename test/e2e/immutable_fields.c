// Blocks that read AME_IMMUTABLE fields without barriers, while other blocks replace and free the objects holding them, always see a whole, published object (the two immutable fields agree); the counts kept beside them are exact; and -ame-check-immutable reports nothing for this correct program.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
// RUN: %ame_cc -O2 -mllvm -ame-check-immutable %s -o %t.check
// RUN: %t.check 4 2>&1 | FileCheck %s
//
// CHECK-NOT: AME_CHECK_IMMUTABLE
// CHECK: objects whole: yes
// CHECK-NEXT: count exact
// CHECK-NEXT: PASS

#include <ame.h>

#include <stdio.h>
#include <stdlib.h>

#include "Inputs/threads.h"

struct obj {
  AME_IMMUTABLE long kind;
  AME_IMMUTABLE long check; /* always 3 * kind + 1 */
  long uses;
};

enum { SLOTS = 8, ITERS = 20000 };

static struct obj *slots[SLOTS];
static long replaced, used;

static struct obj *make(long kind) {
  struct obj *o = malloc(sizeof *o);
  o->kind = kind;
  o->check = 3 * kind + 1;
  o->uses = 0;
  return o;
}

static long kind_ok(const struct obj *o) { return o->check == 3 * o->kind + 1; }

static void *work(void *arg) {
  long id = (long)arg, broken = 0;
  unsigned seed = (unsigned)id * 7919u + 1;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ITERS; i++) {
    seed = seed * 1103515245u + 12345u;
    int s = (int)((seed >> 8) % SLOTS);
    if (seed % 8 == 0) {
      ame_atomic {
        struct obj *old = slots[s];
        struct obj *o = make(old->kind + 1); /* fresh: written in place */
        o->uses = old->uses;
        broken += !kind_ok(o);
        slots[s] = o;
        free(old);
        replaced++;
      }
    } else {
      ame_atomic {
        struct obj *o = slots[s];
        broken += !kind_ok(o); /* immutable reads, no barriers */
        o->uses++;
        used++;
      }
    }
  }
  return (void *)broken;
}

int main(int argc, char **argv) {
  int threads = e2e_threads(argc, argv);
  if (!threads)
    return 2;
  for (int s = 0; s < SLOTS; s++)
    slots[s] = make(s * 100);
  long broken = e2e_run(threads, work);
  long uses = 0;
  for (int s = 0; s < SLOTS; s++)
    uses += slots[s]->uses;
  int exact = uses == used && used + replaced == (long)threads * ITERS;
  printf("objects whole: %s\n", broken ? "NO" : "yes");
  printf("count %s\n", exact ? "exact" : "WRONG");
  if (broken || !exact)
    fprintf(stderr, "broken %ld uses %ld used %ld replaced %ld\n", broken,
            uses, used, replaced);
  printf("%s\n", !broken && exact ? "PASS" : "FAIL");
  return broken || !exact;
}
