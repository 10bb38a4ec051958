/* Busy-waits for a while inside a block, to hold a line longer than the
 * other thread's short spin before it waits or aborts.
 *   spin_for(0.002); */
#ifndef AME_TEST_SPIN_H
#define AME_TEST_SPIN_H

#include <time.h>

static double spin_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void spin_for(double seconds) {
  for (double start = spin_now(); spin_now() - start < seconds;)
    ;
}

#endif
