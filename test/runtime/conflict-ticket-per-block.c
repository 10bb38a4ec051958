// A block's wait-die ticket (taken when it first meets another's lock, kept across its retries) is dropped when the block ends: the next block starts with none, so it does not inherit the earlier block's seniority. Attempt start stores the age only when the last block had a ticket.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: met: age 5
// CHECK-NEXT: next: age 0
// CHECK-NEXT: next: age 0
#include "internal.h"

#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

static uint32_t meet(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  /* What ame__age_of does when the block meets another's lock. */
  uint64_t none = 0;
  __atomic_compare_exchange_n(&tx->age, &none, 5, 0, __ATOMIC_ACQ_REL,
                              __ATOMIC_ACQUIRE);
  printf("met: age %llu\n", (unsigned long long)tx->age);
  return 0;
}

static uint32_t next(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  printf("next: age %llu\n", (unsigned long long)tx->age);
  return 0;
}

int main(void) {
  __ame_run(NULL, (void *)meet, NULL);
  __ame_run(NULL, (void *)next, NULL);
  __ame_run(NULL, (void *)next, NULL);
  return 0;
}
