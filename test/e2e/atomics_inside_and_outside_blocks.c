// A C11 atomic_fetch_add inside a block stays atomic with respect to the same atomic_fetch_add outside blocks: half the threads increment inside blocks, half outside, and no increment is lost.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: increments exact
// CHECK-NEXT: PASS

#include <ame.h>

#include <stdatomic.h>
#include <stdio.h>

#include "Inputs/threads.h"

enum { TOTAL = 4000000 };

static atomic_long counter;
static long in_blocks; /* also counted, inside the same blocks */
static int iters;

static void *work(void *arg) {
  long id = (long)arg;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < iters; i++) {
    if (id % 2 == 0) {
      ame_atomic {
        atomic_fetch_add(&counter, 1);
        in_blocks++;
      }
    } else {
      atomic_fetch_add(&counter, 1);
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = e2e_threads(argc, argv);
  if (!threads)
    return 2;
  iters = TOTAL / threads;
  e2e_run(threads, work);
  long expected = (long)iters * threads;
  long inside = (long)iters * ((threads + 1) / 2);
  int exact = atomic_load(&counter) == expected && in_blocks == inside;
  printf("increments %s\n", exact ? "exact" : "LOST");
  if (!exact)
    fprintf(stderr, "counter %ld of %ld, in blocks %ld of %ld\n",
            atomic_load(&counter), expected, in_blocks, inside);
  printf("%s\n", exact ? "PASS" : "FAIL");
  return !exact;
}
