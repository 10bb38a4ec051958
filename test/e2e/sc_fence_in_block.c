// A sequentially consistent fence inside a block orders the block's atomic store before its atomic load, as outside blocks: in the store-buffering litmus test (one thread of each pair in a block, the other outside, with fences on both sides) the two loads never both miss the other thread's store.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: both loads missed: 0
// CHECK-NEXT: PASS

#include <ame.h>

#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#include "Inputs/threads.h"

enum { ROUNDS = 100 };

/* One litmus test per pair of threads, each variable on its own line. */
static struct pair {
  _Alignas(64) atomic_int x;
  _Alignas(64) atomic_int y;
  _Alignas(64) atomic_int started; /* round the block side is starting */
  _Alignas(64) atomic_int done; /* round whose load of x the outside side did */
  _Alignas(64) atomic_int step[2]; /* how far each side has got */
  _Alignas(64) int seen[2];
} pairs[32];

/* Publishes that this side reached step n, and waits for the other side. */
static void step(struct pair *p, int side, int n) {
  atomic_store(&p->step[side], n);
  for (unsigned spins = 0; atomic_load(&p->step[!side]) < n; spins++)
    if (spins > 100)
      sched_yield();
}

static void *work(void *arg) {
  long id = (long)arg;
  struct pair *p = &pairs[id / 2];
  int side = id % 2;
  long missed = 0;
  pthread_barrier_wait(&start_line);
  for (int r = 1; r <= ROUNDS; r++) {
    step(p, side, 2 * r);
    int seen;
    if (side == 0) {
      atomic_store(&p->started, r);
      ame_atomic {
        atomic_store_explicit(&p->x, r, memory_order_relaxed);
        atomic_thread_fence(memory_order_seq_cst);
        seen = atomic_load_explicit(&p->y, memory_order_relaxed);
        /* Keep the block open until the other side has loaded x. Yield
         * only after a long spin (the other side is descheduled): an earlier
         * call could publish the block's store for another reason than the
         * fence and hide a fence that does not order it. */
        for (long k = 0;
             atomic_load_explicit(&p->done, memory_order_relaxed) < r; k++)
          if (k > 10000000)
            sched_yield();
      }
    } else {
      /* Most rounds the block has loaded y by then. */
      for (unsigned spins = 0; atomic_load(&p->started) < r; spins++)
        if (spins > 100)
          sched_yield();
      for (volatile int k = 0; k < 5000; k++)
        ;
      atomic_store_explicit(&p->y, r, memory_order_relaxed);
      atomic_thread_fence(memory_order_seq_cst);
      seen = atomic_load_explicit(&p->x, memory_order_relaxed);
      atomic_store_explicit(&p->done, r, memory_order_relaxed);
    }
    p->seen[side] = seen;
    step(p, side, 2 * r + 1);
    missed += side == 0 && p->seen[0] < r && p->seen[1] < r;
  }
  return (void *)missed;
}

int main(int argc, char **argv) {
  int threads = e2e_threads(argc, argv);
  if (!threads || threads % 2)
    return 2;
  long missed = e2e_run(threads, work);
  printf("both loads missed: %ld\n", missed);
  printf("%s\n", missed ? "FAIL" : "PASS");
  return missed != 0;
}
