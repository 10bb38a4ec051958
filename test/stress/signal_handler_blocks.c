// Signal handlers that run blocks, sent to threads that are running blocks,
// lose no update and never hang: each handler's block is a transaction of its
// own after the one it interrupted, and runs outside any transaction.
//
// Each thread increments a shared counter in blocks that pause inside (so
// signals land in the middle of attempts, and attempts conflict and abort)
// until told to stop; meanwhile the main thread sends SIGUSR1 to all of them
// in 300 rounds. The handler, installed
// with signal(), counts its calls outside transactions and increments a
// shared word in a block. At the end the counter must equal the blocks run
// and the word the handler calls.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t 2 | FileCheck %s
// RUN: %t 4 | FileCheck %s
// CHECK: signal handler blocks: no update lost

#include "Inputs/stress.h"

#include <signal.h>
#include <unistd.h>

#define ROUNDS 300

static _Alignas(64) uint64_t counter;
static _Alignas(64) uint64_t handler_word;
static atomic_ulong handler_calls, handler_inside;
static atomic_int stop;
static uint64_t blocks_run[8];

static uint32_t bump(struct __ame_tx *tx, void *ctx) {
  uint64_t *p = ctx;
  uint64_t v = LD(tx, p);
  for (volatile int i = 0; i < 200; ++i) {
  }
  ST(tx, p, v + 1);
  return 0;
}

static void on_usr1(int sig) {
  (void)sig;
  atomic_fetch_add(&handler_calls, 1);
  if (ame_in_transaction())
    atomic_fetch_add(&handler_inside, 1);
  STRESS_RUN(bump, &handler_word);
}

static void *worker(void *arg) {
  uint64_t *done = arg;
  while (!atomic_load(&stop)) {
    STRESS_RUN(bump, &counter);
    ++*done;
  }
  return NULL;
}

int main(int argc, char **argv) {
  STRESS_CHECK(argc == 2, "usage: signal_handler_blocks threads");
  int n = atoi(argv[1]);
  STRESS_CHECK(n >= 1 && n <= 8, "1 to 8 threads");
  alarm(60); /* a hang fails the test instead of blocking the suite */
  signal(SIGUSR1, on_usr1);
  pthread_t th[8];
  for (int i = 0; i < n; ++i)
    pthread_create(&th[i], NULL, worker, &blocks_run[i]);
  struct timespec pause = {0, 200000};
  for (int r = 0; r < ROUNDS; ++r) {
    for (int i = 0; i < n; ++i)
      pthread_kill(th[i], SIGUSR1);
    nanosleep(&pause, NULL);
  }
  atomic_store(&stop, 1);
  uint64_t blocks = 0;
  for (int i = 0; i < n; ++i) {
    pthread_join(th[i], NULL);
    blocks += blocks_run[i];
  }
  uint64_t calls = atomic_load(&handler_calls);
  STRESS_CHECK(counter == blocks, "counter %llu, expected %llu",
               (unsigned long long)counter, (unsigned long long)blocks);
  STRESS_CHECK(handler_word == calls,
               "handler blocks committed %llu, handler calls %llu",
               (unsigned long long)handler_word, (unsigned long long)calls);
  STRESS_CHECK(atomic_load(&handler_inside) == 0,
               "%lu handler calls ran inside a transaction",
               atomic_load(&handler_inside));
  STRESS_CHECK(calls > 0, "no signal was handled");
  printf("signal handler blocks: no update lost\n");
  return 0;
}
