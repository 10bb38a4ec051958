// A doomed transaction that dereferences memory another thread privatized and unmapped outside transactions is aborted and retried, not crashed.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

#include "Inputs/doomed_fault.h"

int main(void) {
  uint64_t v;
  run_doomed_reader(&v);
  struct ame_stats s;
  ame_stats_thread(&s);
  printf("attempts %d, value %llu, fault aborts %llu\n", doomed_attempts,
         (unsigned long long)v, (unsigned long long)s.aborts[AME_ABORT_FAULT]);
  return 0;
}
// CHECK: attempts 2, value 0, fault aborts 1
