// A promoted local assigned in a block ends with the value of the committed attempt, however many attempts abort (threads conflicting on one counter), at -O0 and -O2.
// RUN: %ame_cc -O0 %s -o %t0 -lpthread && %t0 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t2 -lpthread && %t2 | FileCheck %s
#include <ame.h>
#include <pthread.h>
#include <stdio.h>

#define N 20000
static long shared;
static long table[512]; // read inside the block to widen the conflict window

static void *worker(void *arg) {
  long mine = 0, last = -1, bad = 0;
  for (int i = 0; i < N; i++) {
    long seen = -1;
    ame_atomic {
      long v = shared;
      mine = mine + 1; // an aborted attempt must not count
      for (int k = 0; k < 512; k++)
        mine += table[k]; // all zero
      seen = v;
      shared = v + 1;
    }
    if (seen <= last)
      bad++;
    last = seen;
  }
  *(long *)arg = mine * 1000 + bad;
  return NULL;
}

int main(void) {
  pthread_t t[2];
  long r[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, &r[i]);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  struct ame_stats s;
  ame_stats_total(&s);
  // CHECK: shared=40000 r0=20000000 r1=20000000
  printf("shared=%ld r0=%ld r1=%ld\n", shared, r[0], r[1]);
  fprintf(stderr, "commits=%llu\n", (unsigned long long)s.commits);
  return 0;
}
