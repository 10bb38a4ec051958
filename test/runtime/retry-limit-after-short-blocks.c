// A thread whose earlier blocks committed by the short path still escalates: a block that keeps losing conflicts runs inevitably after AME_RETRY_LIMIT aborts, and at once with AME_RETRY_LIMIT=0 (the thread's first block, which starts by the general path, is retry-limit-escalation.c); the next such block counts its attempts from 1 again.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: env AME_RETRY_LIMIT=3 %t | FileCheck %s --check-prefix=THREE
// RUN: env AME_RETRY_LIMIT=0 %t | FileCheck %s --check-prefix=ZERO
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>
#include <stdlib.h>

#include "Inputs/losing_attempt.h"

enum { MAX_ATTEMPTS = 10, RUNS = 2 };

static _Alignas(64) uint64_t z;
static int attempts, helpers_started;

// As in retry-limit-escalation.c: a normal attempt always loses to the
// helper it starts; an inevitable one holds x, so the helper waits for it
// (Inputs/losing_attempt.h).
static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  if (attempts++ == MAX_ATTEMPTS) {
    printf("no escalation after %d attempts\n", MAX_ATTEMPTS);
    exit(1);
  }
  lose_to_helper(tx, helpers_started++);
  return 0;
}

int main(void) {
  // The first block starts by the general path; the others are short.
  for (int i = 0; i < 3; i++)
    __ame_run(NULL, (void *)bump, &z);
  for (int run = 0; run < RUNS; run++) {
    struct ame_stats before, s;
    ame_stats_thread(&before);
    attempts = 0;
    int first_helper = helpers_started;
    __ame_run(NULL, (void *)body, NULL);
    ame_stats_thread(&s);
    join_helpers(first_helper, helpers_started);
    printf("attempts %d, aborts %llu, inevitable commits %llu, x %llu, y %llu\n",
           attempts,
           (unsigned long long)(s.aborts[AME_ABORT_VALIDATION] -
                                before.aborts[AME_ABORT_VALIDATION]),
           (unsigned long long)(s.inevitable_commits - before.inevitable_commits),
           (unsigned long long)x, (unsigned long long)y);
  }
  return 0;
}
// THREE: attempts 4, aborts 3, inevitable commits 1, x 4, y 103
// THREE-NEXT: attempts 4, aborts 3, inevitable commits 1, x 8, y 107
// ZERO: attempts 1, aborts 0, inevitable commits 1, x 1, y 100
// ZERO-NEXT: attempts 1, aborts 0, inevitable commits 1, x 2, y 101
