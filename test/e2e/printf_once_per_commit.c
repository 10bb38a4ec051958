// printf inside a block prints exactly once per committed block, under contention: blocks on 2 and 4 threads increment one shared counter (so attempts conflict and abort) and then print its new value; the output holds every value from 1 to the number of blocks exactly once, in increasing order (printf makes the block inevitable: it cannot roll back after printing, and the inevitable blocks run one after another).
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 2 > %t.out2 && %python -c "import sys; v=[int(l.split()[1]) for l in open(sys.argv[1]) if l.startswith('tick')]; n=int(open(sys.argv[1]).read().split('blocks ')[1].split()[0]); assert v == list(range(1, n + 1)), (len(v), n); print('once each:', n)" %t.out2 | FileCheck %s
// RUN: %t 4 > %t.out4 && %python -c "import sys; v=[int(l.split()[1]) for l in open(sys.argv[1]) if l.startswith('tick')]; n=int(open(sys.argv[1]).read().split('blocks ')[1].split()[0]); assert v == list(range(1, n + 1)), (len(v), n); print('once each:', n)" %t.out4 | FileCheck %s
// CHECK: once each: {{[0-9]+}}
#include <ame.h>

#include <stdio.h>

#include "Inputs/threads.h"

enum { ITERS = 3000 };
static long counter;

static void *work(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ITERS; i++)
    ame_atomic {
      long v = ++counter;
      printf("tick %ld\n", v);
    }
  return NULL;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  if (!n)
    return 2;
  e2e_run(n, work);
  struct ame_stats s;
  ame_stats_total(&s);
  long aborts = 0;
  for (int c = 0; c < AME_ABORT_CAUSE_COUNT; c++)
    aborts += (long)s.aborts[c];
  printf("blocks %ld (aborted attempts %ld)\n", (long)n * ITERS, aborts);
  return 0;
}
