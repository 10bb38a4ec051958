// A block that calls through a function pointer, or into code it cannot instrument, stays atomic with respect to blocks that update the same data directly: no update is lost.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: counter exact
// CHECK-NEXT: pair balanced inside: yes
// CHECK-NEXT: PASS

#include <ame.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "Inputs/threads.h"

enum { ITERS = 50000 };

static long counter, pair_a, pair_b;

static void bump(void) {
  counter++;
  pair_a++;
  pair_b++;
}

/* volatile: the call stays indirect at -O2 */
static void (*volatile bump_ptr)(void) = bump;

static void *work(void *arg) {
  long id = (long)arg, skew = 0;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ITERS; i++) {
    long seen;
    if ((i + id) % 2) {
      ame_atomic {
        bump_ptr();
        seen = pair_a - pair_b;
      }
    } else {
      ame_atomic {
        counter++;
        pair_a++;
        seen = pair_a - pair_b; /* 1 here, 0 outside */
        pair_b++;
        seen -= 1;
      }
    }
    skew += seen != 0;
  }
  return (void *)skew;
}

int main(int argc, char **argv) {
  int threads = e2e_threads(argc, argv);
  if (!threads)
    return 2;
  long skew = e2e_run(threads, work);
  int exact = counter == (long)threads * ITERS && pair_a == counter &&
              pair_b == counter;
  printf("counter %s\n", exact ? "exact" : "WRONG");
  printf("pair balanced inside: %s\n", skew ? "NO" : "yes");
  if (!exact || skew)
    fprintf(stderr, "counter %ld pair %ld/%ld expected %ld, skew %ld\n",
            counter, pair_a, pair_b, (long)threads * ITERS, skew);
  printf("%s\n", exact && !skew ? "PASS" : "FAIL");
  return !exact || skew;
}
