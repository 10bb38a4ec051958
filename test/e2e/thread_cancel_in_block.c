// A thread cancelled while it sleeps inside an atomic block commits the block (as return would) and the other threads' blocks keep running.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: cancelled blocks committed: 20
// CHECK-NEXT: counter exact
// CHECK-NEXT: PASS

#include <ame.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "Inputs/threads.h"

enum { ITERS = 20000, CANCELS = 20 };

static long entered, counter;
static atomic_int inside;

static void *sleeper(void *arg) {
  (void)arg;
  ame_atomic {
    entered += 1;
    atomic_store(&inside, 1);
    for (;;) {
      struct timespec t = {0, 1000000};
      nanosleep(&t, NULL); /* a cancellation point */
    }
  }
  return NULL;
}

static void *work(void *arg) {
  long id = (long)arg;
  pthread_barrier_wait(&start_line);
  if (id == 0) {
    for (int i = 0; i < CANCELS; i++) {
      pthread_t t;
      atomic_store(&inside, 0);
      pthread_create(&t, NULL, sleeper, NULL);
      while (!atomic_load(&inside))
        sched_yield();
      pthread_cancel(t);
      pthread_join(t, NULL);
    }
    return NULL;
  }
  for (int i = 0; i < ITERS; i++)
    ame_atomic { counter += 1; }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = e2e_threads(argc, argv);
  if (!threads)
    return 2;
  alarm(20); /* a hang fails the test instead of stalling the suite */
  e2e_run(threads, work);
  long expected = (long)(threads - 1) * ITERS;
  int ok = entered == CANCELS && counter == expected;
  printf("cancelled blocks committed: %ld\n", entered);
  printf("counter %s\n", counter == expected ? "exact" : "WRONG");
  printf("%s\n", ok ? "PASS" : "FAIL");
  return !ok;
}
