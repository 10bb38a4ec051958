// A program of two translation units built by one ame-cc call: blocks that call functions and touch globals of the other file stay atomic.
// RUN: %ame_cc -O2 %s %S/Inputs/multi_file_helper.c -o %t
// RUN: %t 2 | FileCheck %s
// RUN: %t 4 | FileCheck %s
// RUN: %ame_cc -O0 %s %S/Inputs/multi_file_helper.c -o %t.O0
// RUN: %t.O0 4 | FileCheck %s
// CHECK: pairs balanced inside: yes
// CHECK-NEXT: total exact: yes
#include <ame.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

extern long helper_total;
extern long helper_pairs[2];
void helper_add(long v);
long helper_atomic_add(long v);

enum { ITERS = 200000 };

static pthread_barrier_t start_line; /* all threads start together */

static void *work(void *arg) {
  long *skew = arg;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ITERS; i++) {
    long seen;
    ame_atomic {
      helper_add(1);
      seen = helper_pairs[0] + helper_pairs[1];
    }
    *skew += seen != 0;
    *skew += helper_atomic_add(2) != 0;
  }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 4;
  if (threads < 1 || threads > 64)
    return 2;
  pthread_t t[64];
  long skew[64] = {0}, total_skew = 0;
  pthread_barrier_init(&start_line, NULL, (unsigned)threads);
  for (int i = 0; i < threads; i++)
    pthread_create(&t[i], NULL, work, &skew[i]);
  for (int i = 0; i < threads; i++) {
    pthread_join(t[i], NULL);
    total_skew += skew[i];
  }
  int exact = helper_total == 3L * ITERS * threads &&
              helper_pairs[0] == (long)ITERS * threads &&
              helper_pairs[0] + helper_pairs[1] == 0;
  printf("pairs balanced inside: %s\n", total_skew ? "NO" : "yes");
  printf("total exact: %s\n", exact ? "yes" : "NO");
  return total_skew || !exact;
}
