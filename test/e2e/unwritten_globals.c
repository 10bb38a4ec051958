// Globals that only code outside blocks writes (set before the threads
// start) are read in blocks without barriers; a global that a function
// called from blocks writes keeps them, even when the store is only in that
// function's clone: a block must read back its own count.
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t | FileCheck %s
// RUN: %ame_cc -O2 -c -o /dev/null -Rpass-analysis='^ame$' %s 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_cc -O0 -c -o /dev/null -Rpass-analysis='^ame$' %s 2>&1 | FileCheck %s --check-prefixes=REMARK,O0
#include <ame.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { THREADS = 2, TRANSFERS = 100000, ACCOUNTS = 64 };

static long *accounts;
static long naccounts;
static long moves;

// REMARK-DAG: remark: load from accounts is not instrumented: no atomic block writes it
// (At -O2 the optimizer folds naccounts, stored once, into a constant.)
// O0-DAG: remark: load from naccounts is not instrumented: no atomic block writes it
// REMARK-NOT: load from moves is not instrumented

__attribute__((noinline)) static void count_move(void) { moves++; }
static long missed[THREADS];

static void *worker(void *arg) {
  unsigned long seed = (unsigned long)arg * 2654435761u + 1;
  for (int i = 0; i < TRANSFERS; i++) {
    seed = seed * 6364136223846793005ul + 1442695040888963407ul;
    ame_atomic {
      long from = (long)(seed >> 33) % naccounts;
      long to = (long)(seed >> 17) % naccounts;
      accounts[from] -= 3;
      accounts[to] += 3;
      long before = moves;
      count_move();
      if (moves != before + 1)
        missed[(long)arg]++;
    }
  }
  return NULL;
}

int main(void) {
  naccounts = ACCOUNTS;
  accounts = calloc((size_t)naccounts, sizeof *accounts);
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  long total = 0;
  for (long i = 0; i < naccounts; i++)
    total += accounts[i];
  // CHECK: total 0 moves 200000 missed 0
  printf("total %ld moves %ld missed %ld\n", total, moves,
         missed[0] + missed[1]);
  free(accounts);
  return 0;
}
