// A block freed inside a transaction stays valid until the transaction commits, and an aborted free frees nothing.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "Inputs/doom.h"

#include "Inputs/watched_free.h"

static int attempt;

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  uint64_t *p = ctx;
  __ame_load_8(tx, &x, NULL);
  __ame_free(tx, p);
  printf("attempt %d: after free, frees %d, value %llu\n", attempt,
         watched_frees, (unsigned long long)__ame_load_8(tx, p, NULL));
  if (attempt++ == 0) {
    doom_reader_of_x();
  }
  return 0;
}

int main(void) {
  uint64_t *p = malloc(64);
  *p = 99;
  watched = p;
  __ame_run(NULL, (void *)body, p);
  printf("after commit: frees %d\n", watched_frees);
  return 0;
}
// CHECK: attempt 0: after free, frees 0, value 99
// CHECK-NEXT: attempt 1: after free, frees 0, value 99
// CHECK-NEXT: after commit: frees 1
