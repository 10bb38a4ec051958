// A block that calls, through a pointer, a function of another file compiled with ame-cc runs that function's transactional clone: it loses no update of blocks that change the same data directly.
// RUN: %ame_cc -O0 %s %S/Inputs/cross_file_pointer_helper.c -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s %S/Inputs/cross_file_pointer_helper.c -o %t.O2
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

extern long shared_total;
extern long shared_pair[2];
extern void (*const add_both_ptr)(long);

enum { ITERS = 30000 };


static void *work(void *arg) {
  long id = (long)arg, skew = 0;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ITERS; i++) {
    long seen;
    if ((i + id) % 2) {
      ame_atomic {
        add_both_ptr(1);
        seen = shared_pair[0] + shared_pair[1];
      }
    } else {
      ame_atomic {
        shared_total += 1;
        shared_pair[0] += 1;
        seen = shared_pair[0] + shared_pair[1] - 1; /* 0 */
        shared_pair[1] -= 1;
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
  int exact = shared_total == expected && shared_pair[0] == expected &&
              shared_pair[1] == -expected;
  printf("total %s\n", exact ? "exact" : "WRONG");
  printf("pair balanced inside: %s\n", skew ? "NO" : "yes");
  if (!exact || skew)
    fprintf(stderr, "total %ld pair %ld/%ld expected %ld, skew %ld\n",
            shared_total, shared_pair[0], shared_pair[1], expected, skew);
  printf("%s\n", exact && !skew ? "PASS" : "FAIL");
  return !exact || skew;
}
