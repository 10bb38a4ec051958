/*===- counter.c - AME's smallest example: a shared counter ----------------===
 *
 * Four threads each add 1 to a shared counter 100000 times inside an
 * atomic block, and each keeps the largest value it saw. The result is exact
 * without a lock, as if the blocks ran one after another.
 *
 *   build/bin/ame-cc -O2 examples/counter.c -o counter && ./counter
 *===----------------------------------------------------------------------===*/
#include <ame.h>

#include <pthread.h>
#include <stdio.h>

enum { THREADS = 4, ROUNDS = 100000 };

static long counter;

static void *work(void *arg) {
  long *largest_seen = arg;
  for (int i = 0; i < ROUNDS; i++) {
    ame_atomic {
      counter++;
      if (counter > *largest_seen)
        *largest_seen = counter;
    }
  }
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  long largest[THREADS] = {0};
  for (int t = 0; t < THREADS; t++)
    pthread_create(&threads[t], NULL, work, &largest[t]);
  for (int t = 0; t < THREADS; t++)
    pthread_join(threads[t], NULL);

  printf("counter = %ld (expected %d)\n", counter, THREADS * ROUNDS);
  return counter == (long)THREADS * ROUNDS ? 0 : 1;
}
