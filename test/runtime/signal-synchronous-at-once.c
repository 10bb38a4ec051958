// Synchronous signals that the thread raises inside a block (abort's SIGABRT, a trap) run their handler at once, inside the transaction, not after it.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static int in_transaction[NSIG];
static int ran_before_block_end[NSIG];
static int block_over;

static void on_signal(int sig) {
  in_transaction[sig] = ame_in_transaction();
  ran_before_block_end[sig] = !block_over;
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_irrevocable_v2(tx, NULL); /* what the pass emits before raise() */
  raise(SIGABRT);
  raise(SIGTRAP);
  return 0;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGABRT, &sa, NULL);
  sigaction(SIGTRAP, &sa, NULL);
  __ame_run(NULL, (void *)body, NULL);
  block_over = 1;
  printf("SIGABRT: in transaction %d, during the block %d\n",
         in_transaction[SIGABRT], ran_before_block_end[SIGABRT]);
  printf("SIGTRAP: in transaction %d, during the block %d\n",
         in_transaction[SIGTRAP], ran_before_block_end[SIGTRAP]);
  return 0;
}
// CHECK: SIGABRT: in transaction 1, during the block 1
// CHECK-NEXT: SIGTRAP: in transaction 1, during the block 1
