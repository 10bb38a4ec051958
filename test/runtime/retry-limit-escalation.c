// A block that keeps losing conflicts runs inevitably after AME_RETRY_LIMIT aborts and then commits (starvation freedom); AME_RETRY_LIMIT=0 runs it inevitably at once.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: env AME_RETRY_LIMIT=3 %t | FileCheck %s --check-prefix=THREE
// RUN: env AME_RETRY_LIMIT=0 %t | FileCheck %s --check-prefix=ZERO
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

#include "Inputs/losing_attempt.h"

static int attempts;

// Every attempt loses to the helper it starts, unless it runs inevitably
// (Inputs/losing_attempt.h).
static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  lose_to_helper(tx, attempts++);
  return 0;
}

int main(void) {
  __ame_run(NULL, (void *)body, NULL);
  join_helpers(0, attempts);
  struct ame_stats s;
  ame_stats_thread(&s);
  printf("attempts %d, aborts %llu, inevitable commits %llu, x %llu, y %llu\n",
         attempts, (unsigned long long)s.aborts[AME_ABORT_VALIDATION],
         (unsigned long long)s.inevitable_commits, (unsigned long long)x,
         (unsigned long long)y);
  return 0;
}
// THREE: attempts 4, aborts 3, inevitable commits 1, x 4, y 103
// ZERO: attempts 1, aborts 0, inevitable commits 1, x 1, y 100
