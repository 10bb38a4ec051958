/*===- threads.h - Start the e2e programs' workers together --------------===
 *
 * Every end-to-end program runs the same harness: N workers (argv[1], default
 * 4) released at once by a barrier, so their atomic blocks overlap, and the
 * sum of what they return (each program's own count of anomalies or work).
 *===----------------------------------------------------------------------===*/
#ifndef AME_TEST_E2E_THREADS_H
#define AME_TEST_E2E_THREADS_H

#include <ame.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_barrier_t start_line; /* workers wait here, then start together */

/* The thread count from argv[1], or 0 if it is not in 1..64. */
static int e2e_threads(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 4;
  return n >= 1 && n <= 64 ? n : 0;
}

/* Runs work((void *)i) for i < n on n threads and returns the sum of their
 * results; exits with status 2 if a thread cannot be started. */
static long e2e_run(int n, void *(*work)(void *)) {
  pthread_t t[64];
  pthread_barrier_init(&start_line, NULL, (unsigned)n);
  for (long i = 0; i < n; i++)
    if (pthread_create(&t[i], NULL, work, (void *)i))
      exit(2);
  long sum = 0;
  for (int i = 0; i < n; i++) {
    void *r;
    pthread_join(t[i], &r);
    sum += (long)r;
  }
  return sum;
}

/* e2e_run, then prints label and its sum, and how many commits meanwhile
 * ran inevitably and serially (the programs whose calls must do neither). */
static void e2e_run_and_count_modes(int n, void *(*work)(void *),
                                    const char *label) {
  struct ame_stats before, after;
  ame_stats_total(&before);
  long sum = e2e_run(n, work);
  ame_stats_total(&after);
  printf("%s %ld\n", label, sum);
  printf("inevitable %llu, serial %llu\n",
         (unsigned long long)(after.inevitable_commits -
                              before.inevitable_commits),
         (unsigned long long)(after.serial_commits - before.serial_commits));
}

#endif
