// Static globals that main sets up before the threads start and no atomic
// block writes (the pointer to the shared accounts, their number, a table)
// are read without barriers; a static global a block writes, directly or in
// a function a block calls, keeps them. At 2 threads the transfers keep the
// total, and the block-written counters count every block.
// RUN: %ame_clang -O2 -g -c -o /dev/null -Rpass-analysis='^ame$' %s 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_cc -O2 %s -o %t && %t | FileCheck %s
// RUN: %ame_cc -O0 %s -o %t.O0 && %t.O0 | FileCheck %s
// RUN: %ame_cc -O2 -mllvm -ame-skip-unwritten-globals=false %s -o %t.off && %t.off | FileCheck %s
#include <ame.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static long *accounts;
static long naccounts;
static long step[8];
static long moves;  // written by blocks
static long epochs; // written by a function blocks call

static void next_epoch(void) { epochs++; }

// REMARK-DAG: unwritten-global-plain-read.c:[[@LINE+8]]:{{.*}} load from naccounts is not instrumented: no atomic block writes it
// REMARK-DAG: unwritten-global-plain-read.c:[[@LINE+8]]:{{.*}} load from accounts is not instrumented: no atomic block writes it
// REMARK-DAG: unwritten-global-plain-read.c:[[@LINE+6]]:{{.*}} load from step is not instrumented: no atomic block writes it
// REMARK-NOT: load from {{moves|epochs}} is not instrumented
static void *worker(void *arg) {
  for (long i = 0; i < 100000; i++) {
    long from = (i * 7 + (long)arg) % naccounts;
    ame_atomic {
      long to = (from + step[i % 8]) % naccounts;
      accounts[from] -= 3;
      accounts[to] += 3;
      moves++;
      if (i % 1000 == 0)
        next_epoch();
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  (void)argv;
  naccounts = 63 + argc; // not a constant the optimizer could fold
  accounts = calloc((size_t)naccounts, sizeof *accounts);
  for (int i = 0; i < 8; i++)
    step[i] = i + 1;
  pthread_t t[2];
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  long sum = 0;
  for (long i = 0; i < naccounts; i++)
    sum += accounts[i];
  // CHECK: sum 0 moves 200000 epochs 200
  printf("sum %ld moves %ld epochs %ld\n", sum, moves, epochs);
  return 0;
}
