// A block that lets clock_gettime write a shared struct timespec is atomic with respect to blocks that read and update the same fields: no block sees the clock's write half-published, and no update is lost.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: inconsistent states seen: 0
// CHECK-NEXT: PASS

#include <ame.h>

#include <stdio.h>
#include <time.h>

#include "Inputs/threads.h"

enum { CLOCK_READS = 20000, BUMPS = 200000 };

/* After every block: ts.tv_nsec == base + bumps. */
static _Alignas(64) struct {
  struct timespec ts;
  long base, bumps, bad;
} s;

static void *work(void *arg) {
  long id = (long)arg;
  pthread_barrier_wait(&start_line);
  if (id == 0) {
    for (int i = 0; i < CLOCK_READS; i++) {
      ame_atomic {
        clock_gettime(CLOCK_REALTIME, &s.ts);
        /* Give the others time to meet the clock's write. */
        for (volatile int k = 0; k < 200; k++)
          ;
        s.base = s.ts.tv_nsec;
        s.bumps = 0;
      }
    }
  } else {
    for (int i = 0; i < BUMPS; i++) {
      ame_atomic {
        if (s.ts.tv_nsec != s.base + s.bumps)
          s.bad++;
        s.ts.tv_nsec++;
        s.bumps++;
      }
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = e2e_threads(argc, argv);
  if (!threads)
    return 2;
  e2e_run(threads, work);
  int ok = s.bad == 0 && s.ts.tv_nsec == s.base + s.bumps;
  printf("inconsistent states seen: %ld\n", s.bad);
  printf("%s\n", ok ? "PASS" : "FAIL");
  return !ok;
}
