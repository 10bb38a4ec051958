// A thread cancelled at a cancellation point inside a block commits the block (as for return) and releases everything, so other threads' blocks keep running.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t 2 serial | FileCheck %s
// RUN: %t 4 serial | FileCheck %s
// RUN: %t 2 io | FileCheck %s
// RUN: %t 4 io | FileCheck %s
// CHECK: cancelled thread's writes committed: yes
// CHECK-NEXT: other threads' blocks: exact
// CHECK-NEXT: a block after the cancellations: ran
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "Inputs/bystanders.h"

enum { CANCELS = 20 };

static _Alignas(64) uint64_t cancelled[8];
static atomic_int inside;
/* serial: the sleep is uninstrumented code; io: a call on the I/O list (the
 * transaction is only inevitable). */
static const char *mode;

static uint32_t sleep_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &cancelled[0], __ame_load_8(tx, &cancelled[0], NULL) + 1, NULL);
  static const struct __ame_site serial = {"t.c", "f",    1,
                                           1,     "poll", AME_SITE_SERIAL};
  static const struct __ame_site io = {"t.c", "f",         1,
                                       1,     "nanosleep", AME_SITE_IO};
  __ame_irrevocable_v2(tx, (void *)(strcmp(mode, "io") ? &serial : &io));
  atomic_store(&inside, 1);
  for (;;) {
    struct timespec t = {0, 1000000};
    nanosleep(&t, NULL); /* a cancellation point */
  }
}

static void *sleeper(void *arg) {
  (void)arg;
  __ame_run(NULL, (void *)sleep_body, NULL);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  int threads = atoi(argv[1]);
  mode = argv[2];
  alarm(20); /* a hang fails the test instead of stalling the suite */
  bystanders_start(threads - 1);
  for (int i = 0; i < CANCELS; i++) {
    atomic_store(&inside, 0);
    pthread_t t;
    pthread_create(&t, NULL, sleeper, NULL);
    while (!atomic_load(&inside))
      sched_yield();
    pthread_cancel(t);
    void *r;
    pthread_join(t, &r);
    if (r != PTHREAD_CANCELED)
      return 3;
  }
  uint64_t expected = bystanders_join();
  printf("cancelled thread's writes committed: %s\n",
         cancelled[0] == CANCELS ? "yes" : "no");
  printf("other threads' blocks: %s\n",
         bystander_counter[0] == expected ? "exact" : "WRONG");
  __ame_run(NULL, (void *)bystander_body, NULL);
  printf("a block after the cancellations: ran\n");
  return 0;
}
