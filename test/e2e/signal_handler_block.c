// An atomic block in a signal handler that interrupts a thread's atomic block runs after that block, as a transaction of its own: no update of either is lost, and the handler never runs inside a transaction.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: counter = blocks run: 1
// CHECK-NEXT: handler blocks = handler calls: 1
// CHECK-NEXT: handler calls inside a transaction: 0

#include <ame.h>

#include "Inputs/threads.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long counter, handler_blocks;
static atomic_long handler_calls, handler_inside;
static __thread int signals_seen;
static pthread_t workers[64];
static atomic_int started, finished;

static void on_usr1(int sig) {
  (void)sig;
  atomic_fetch_add(&handler_calls, 1);
  if (ame_in_transaction())
    atomic_fetch_add(&handler_inside, 1);
  ++signals_seen;
  ame_atomic { handler_blocks++; }
}

/* Runs until it has been interrupted 20 times: blocks that conflict with
 * each other and stay open a while, so signals land inside them. */
static void *work(void *arg) {
  workers[(long)arg] = pthread_self();
  atomic_fetch_add(&started, 1);
  pthread_barrier_wait(&start_line);
  long done = 0;
  while (signals_seen < 20 || done < 1000) {
    ame_atomic {
      long v = counter;
      for (volatile int i = 0; i < 200; i++) {
      }
      counter = v + 1;
    }
    done++;
  }
  atomic_fetch_add(&finished, 1);
  return (void *)done;
}

static int nthreads;

static void *signaler(void *arg) {
  (void)arg;
  struct timespec pause = {0, 200000};
  while (atomic_load(&started) < nthreads)
    sched_yield();
  while (atomic_load(&finished) < nthreads) {
    for (int i = 0; i < nthreads; i++)
      pthread_kill(workers[i], SIGUSR1);
    nanosleep(&pause, NULL);
  }
  return NULL;
}

int main(int argc, char **argv) {
  nthreads = e2e_threads(argc, argv);
  if (!nthreads)
    return 2;
  alarm(30); /* a hang fails instead of blocking the suite */
  signal(SIGUSR1, on_usr1);
  pthread_t s;
  pthread_create(&s, NULL, signaler, NULL);
  long blocks = e2e_run(nthreads, work);
  pthread_join(s, NULL);
  printf("counter = blocks run: %d\n", counter == blocks);
  printf("handler blocks = handler calls: %d\n",
         handler_blocks == atomic_load(&handler_calls));
  printf("handler calls inside a transaction: %ld\n",
         atomic_load(&handler_inside));
  return 0;
}
