// rand_r inside blocks runs transactionally on a seed the blocks share: the
// draws of all threads together are exactly the first draws of one sequence
// from the initial seed (each block advances the shared seed once, as if
// the blocks ran one at a time), and no commit runs serially.
// RUN: %ame_cc -O2 %s -o %t
// RUN: env AME_RETRY_LIMIT=1000000 %t 2 | FileCheck %s
// RUN: %ame_cc -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// CHECK: draws 100000
// CHECK-NEXT: inevitable 0, serial 0
// CHECK-NEXT: same draws as one sequence: yes
// IR: call i32 @__ame_rand_r(
#include <ame.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "Inputs/threads.h"

#define PER_THREAD 50000
static unsigned shared_seed = 12345;
static int drawn[2 * PER_THREAD];
static long count;

static void *work(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < PER_THREAD; i++) {
    ame_atomic { drawn[count++] = rand_r(&shared_seed); }
  }
  return (void *)(long)PER_THREAD;
}

static int by_value(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

int main(void) {
  e2e_run_and_count_modes(2, work, "draws");
  static int want[2 * PER_THREAD];
  unsigned seed = 12345;
  for (int i = 0; i < 2 * PER_THREAD; i++)
    want[i] = rand_r(&seed);
  qsort(drawn, 2 * PER_THREAD, sizeof drawn[0], by_value);
  qsort(want, 2 * PER_THREAD, sizeof want[0], by_value);
  printf("same draws as one sequence: %s\n",
         count == 2 * PER_THREAD && !memcmp(drawn, want, sizeof want) ? "yes"
                                                                      : "no");
  return 0;
}
