// A block in a signal handler that interrupts a transaction runs as its own transaction after the interrupted one commits, so its update survives the interrupted attempt's abort.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include "Inputs/doom.h"

#include <ame.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static _Alignas(64) uint64_t handled, body_commits;
static int attempts, handler_in_transaction = -1;
static uint64_t commits_seen_by_handler = 99;

static uint32_t handler_body(struct __ame_tx *tx, void *ctx) {
  __ame_store_8(tx, &handled, __ame_load_8(tx, &handled, NULL) + 1, NULL);
  *(uint64_t *)ctx = __ame_load_8(tx, &body_commits, NULL);
  return 0;
}

static void on_usr1(int sig) {
  (void)sig;
  handler_in_transaction = ame_in_transaction();
  __ame_run(NULL, (void *)handler_body, &commits_seen_by_handler);
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  attempts++;
  (void)__ame_load_8(tx, &x, NULL);
  __ame_store_8(tx, &body_commits, __ame_load_8(tx, &body_commits, NULL) + 1, NULL);
  if (attempts == 1) {
    pthread_kill(pthread_self(), SIGUSR1); // delivered inside this attempt
    doom_reader_of_x();                    // which then fails validation
  }
  return 0;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);
  __ame_run(NULL, (void *)body, NULL);
  printf("attempts %d, handler blocks committed %llu, handler in transaction "
         "%d, handler saw %llu commit\n",
         attempts, (unsigned long long)handled, handler_in_transaction,
         (unsigned long long)commits_seen_by_handler);
  return 0;
}
// CHECK: attempts 2, handler blocks committed 1, handler in transaction 0, handler saw 1 commit
