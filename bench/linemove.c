/*===- bench/linemove.c - How long a cache line takes to change CPUs -------===
 *
 * Two threads, each pinned to its own CPU, hand one cache line back and
 * forth: each waits until the other has written the line, then writes it.
 * Every hand-over moves the line from one CPU's cache to the other's, so
 * the time per hand-over is the price any program pays when one CPU writes
 * a line the other wrote last. A 2-thread program whose transactions touch
 * data written by the other thread pays it at every such access, whatever
 * synchronizes it: bench/run.sh reports it next to the 2-thread targets.
 *
 * Not one of the four variants: plain C11 atomics, built once.
 *
 *   linemove [--moves=200000] [--cpus=A,B]   (default: the first two CPUs
 *                                              the process may run on)
 *   -> bench=linemove cpus=0,1 moves=200000 ns_per_move=251.3
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Alone on its line, so that only the hand-overs move it. */
static _Alignas(64) _Atomic long turn;
/* Set once the other thread runs on its CPU: thread start-up is not timed. */
static _Alignas(64) _Atomic int other_ready;
static long moves = 200000;

static int pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/* Thread `side` (0 or 1) writes turn = k + 1 when it reads turn == k for
 * every k of its parity, so each write moves the line to the writer. */
static void hand_over(int side) {
  for (long k = side; k < moves; k += 2) {
    while (atomic_load_explicit(&turn, memory_order_acquire) != k)
      ;
    atomic_store_explicit(&turn, k + 1, memory_order_release);
  }
}

static int second_cpu;

static void *other_side(void *arg) {
  (void)arg;
  if (pin(second_cpu)) {
    fprintf(stderr, "linemove: cannot run on CPU %d\n", second_cpu);
    exit(2);
  }
  atomic_store_explicit(&other_ready, 1, memory_order_release);
  hand_over(1);
  return NULL;
}

static int option(const char *arg, const char *name, const char **value) {
  size_t n = strlen(name);
  if (strncmp(arg, name, n) || arg[n] != '=')
    return 0;
  *value = arg + n + 1;
  return 1;
}

int main(int argc, char **argv) {
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed)) {
    perror("linemove: sched_getaffinity");
    return 2;
  }
  int cpus[2], found = 0;
  for (int c = 0; c < CPU_SETSIZE && found < 2; c++)
    if (CPU_ISSET(c, &allowed))
      cpus[found++] = c;
  for (int i = 1; i < argc; i++) {
    const char *v;
    if (option(argv[i], "--moves", &v))
      moves = atol(v);
    else if (option(argv[i], "--cpus", &v) &&
             sscanf(v, "%d,%d", &cpus[0], &cpus[1]) == 2)
      found = 2;
    else {
      fprintf(stderr, "usage: %s [--moves=N] [--cpus=A,B]\n", argv[0]);
      return 2;
    }
  }
  if (found < 2 || cpus[0] == cpus[1] || moves < 2) {
    fprintf(stderr, "linemove: needs two different CPUs and at least two "
                    "moves\n");
    return 2;
  }
  second_cpu = cpus[1];
  if (pin(cpus[0])) {
    fprintf(stderr, "linemove: cannot run on CPU %d\n", cpus[0]);
    return 2;
  }
  pthread_t thread;
  if (pthread_create(&thread, NULL, other_side, NULL)) {
    fprintf(stderr, "linemove: pthread_create failed\n");
    return 2;
  }
  while (!atomic_load_explicit(&other_ready, memory_order_acquire))
    ;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  hand_over(0);
  /* The last hand-over is the other side's write when moves is even. */
  while (atomic_load_explicit(&turn, memory_order_acquire) != moves)
    ;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  pthread_join(thread, NULL);
  double ns =
      (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
  printf("bench=linemove cpus=%d,%d moves=%ld ns_per_move=%.1f\n", cpus[0],
         cpus[1], moves, ns / (double)moves);
  return 0;
}
