// A block that calls code compiled without the plugin (it becomes inevitable) stays atomic with respect to blocks that update the same data directly: no update is lost and no block sees half of another.
// RUN: %clang -O2 -c %S/Inputs/uninstrumented_helper.c -o %t.helper.o
// RUN: %ame_cc -O0 %s %t.helper.o -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s %t.helper.o -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: total exact
// CHECK-NEXT: pair balanced inside: yes
// CHECK-NEXT: PASS

#include <ame.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "Inputs/threads.h"

extern long plain_total;
extern long plain_pair[2];
void plain_add(long v); /* not instrumented */

enum { ITERS = 100000 };


static void *work(void *arg) {
  long id = (long)arg, skew = 0;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ITERS; i++) {
    long seen;
    if ((i + id) % 4 == 0) {
      ame_atomic {
        plain_add(1);
        seen = plain_pair[0] + plain_pair[1];
      }
    } else {
      ame_atomic {
        plain_total += 1;
        plain_pair[0] += 1;
        seen = plain_pair[0] + plain_pair[1] - 1; /* 0 */
        plain_pair[1] -= 1;
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
  long expected = (long)threads * ITERS;
  int exact = plain_total == expected && plain_pair[0] == expected &&
              plain_pair[1] == -expected;
  printf("total %s\n", exact ? "exact" : "WRONG");
  printf("pair balanced inside: %s\n", skew ? "NO" : "yes");
  if (!exact || skew)
    fprintf(stderr, "total %ld pair %ld/%ld expected %ld, skew %ld\n",
            plain_total, plain_pair[0], plain_pair[1], expected, skew);
  printf("%s\n", exact && !skew ? "PASS" : "FAIL");
  return !exact || skew;
}
