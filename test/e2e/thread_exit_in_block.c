// pthread_exit inside an atomic block commits the block (as return would) and the other threads' blocks keep running.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: exits committed: 30
// CHECK-NEXT: counter exact
// CHECK-NEXT: PASS

#include <ame.h>

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "Inputs/threads.h"

enum { ITERS = 20000, EXITS = 30 };

static long exits, counter;
static long log_[EXITS];

static void *exiter(void *arg) {
  long i = (long)arg;
  ame_atomic {
    exits += 1;
    log_[i] = exits;
    if (log_[i] > 0)
      pthread_exit(NULL);
    counter -= 1000000; /* never: the thread has left */
  }
  return NULL;
}

static void *work(void *arg) {
  long id = (long)arg;
  pthread_barrier_wait(&start_line);
  if (id == 0) {
    for (long i = 0; i < EXITS; i++) {
      pthread_t t;
      pthread_create(&t, NULL, exiter, (void *)i);
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
  int ok = exits == EXITS && counter == expected;
  for (long i = 0; i < EXITS; i++)
    ok &= log_[i] == i + 1;
  printf("exits committed: %ld\n", exits);
  printf("counter %s\n", counter == expected ? "exact" : "WRONG");
  printf("%s\n", ok ? "PASS" : "FAIL");
  return !ok;
}
