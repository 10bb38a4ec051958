// A local that stays in the caller's frame (declared before the block in a loop, used only inside it, its address passed to a function) holds the committed attempts' writes only, however many attempts abort (2 and 4 threads conflicting on one counter), at -O0 and -O2.
// RUN: %ame_cc -O0 %s -o %t0 -lpthread && %t0 2 && %t0 4
// RUN: %ame_cc -O2 %s -o %t2 -lpthread && %t2 2 && %t2 4
#include "../e2e/Inputs/threads.h"
#include <ame.h>
#include <stdio.h>

#define N 20000
static long shared;
static long table[512]; // read inside the block to widen the conflict window

__attribute__((noinline)) static void add(long *p, long v) { *p += v; }

static void *worker(void *arg) {
  (void)arg;
  long count[2];
  long bad = 0;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < N; i++) {
    ame_atomic {
      if (i == 0)
        count[0] = count[1] = 0;
      shared++;
      add(&count[i & 1], 1); // an aborted attempt must not count
      for (int k = 0; k < 512; k++)
        add(&count[k & 1], table[k]); // all zero
      if (i == N - 1)
        bad = count[0] + count[1] != N;
    }
  }
  return (void *)bad;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  long bad = e2e_run(n, worker);
  if (bad || shared != (long)n * N) {
    printf("FAIL: %ld threads miscounted, shared=%ld\n", bad, shared);
    return 1;
  }
  return 0;
}
