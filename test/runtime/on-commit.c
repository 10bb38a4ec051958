// ame_on_commit actions run once, in order, after the commit, outside the transaction, and never for an aborted attempt; outside a transaction they run at once.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

#include "Inputs/doom.h"

static int attempt;

static void action(void *arg) {
  printf("action %s (attempt %d), in transaction %d\n", (const char *)arg,
         attempt, ame_in_transaction());
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  attempt++;
  printf("body, attempt %d\n", attempt);
  __ame_load_8(tx, &x, NULL);
  ame_on_commit(action, "first");
  ame_on_commit(action, "second");
  if (attempt == 1) {
    doom_reader_of_x();
  }
  __ame_store_8(tx, &x, 5, NULL);
  return 0;
}

int main(void) {
  ame_on_commit(action, "outside");
  __ame_run(NULL, (void *)body, NULL);
  printf("returned\n");
  return 0;
}
// CHECK: action outside (attempt 0), in transaction 0
// CHECK-NEXT: body, attempt 1
// CHECK-NEXT: body, attempt 2
// CHECK-NEXT: action first (attempt 2), in transaction 0
// CHECK-NEXT: action second (attempt 2), in transaction 0
// CHECK-NEXT: returned
