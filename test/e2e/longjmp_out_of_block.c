// A longjmp out of an atomic block (written in the block, in an instrumented callee, or in a library built without the plugin) commits the block's writes up to the jump (like goto out of it) and then jumps; other threads' blocks keep running.
// RUN: %clang -O2 -c %S/Inputs/longjmp_helper.c -o %t.helper.o
// RUN: %ame_cc -O0 %s %t.helper.o -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s %t.helper.o -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: writes before the jumps: exact
// CHECK-NEXT: writes after the calls: exact
// CHECK-NEXT: in a block after a jump: no
// CHECK-NEXT: PASS

#include <ame.h>

#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <unistd.h>

#include "Inputs/threads.h"

void plain_fail(jmp_buf *env); /* not instrumented */

enum { ITERS = 20000 };

static long before, after;
static _Thread_local jmp_buf on_error;

static void instrumented_fail(jmp_buf *env) { longjmp(*env, 1); }

/* fail: 0 none, 1 in the library, 2 in an instrumented callee, 3 here. */
static void step(int fail) {
  ame_atomic {
    before += 1;
    if (fail == 1)
      plain_fail(&on_error);
    if (fail == 2)
      instrumented_fail(&on_error);
    if (fail == 3)
      longjmp(on_error, 1);
    after += 1;
  }
}

static void *work(void *arg) {
  (void)arg;
  long stuck = 0;
  pthread_barrier_wait(&start_line);
  for (volatile int i = 0; i < ITERS; i++) {
    if (setjmp(on_error)) {
      stuck += ame_in_transaction();
      continue;
    }
    step(i % 4 == 0 ? 1 + i / 4 % 3 : 0);
  }
  return (void *)stuck;
}

int main(int argc, char **argv) {
  int threads = e2e_threads(argc, argv);
  if (!threads)
    return 2;
  alarm(20); /* a hang fails the test instead of stalling the suite */
  long stuck = e2e_run(threads, work);
  long all = (long)threads * ITERS, failed = (long)threads * (ITERS / 4);
  printf("writes before the jumps: %s\n", before == all ? "exact" : "WRONG");
  printf("writes after the calls: %s\n",
         after == all - failed ? "exact" : "WRONG");
  printf("in a block after a jump: %s\n", stuck ? "yes" : "no");
  int ok = before == all && after == all - failed && !stuck;
  printf("%s\n", ok ? "PASS" : "FAIL");
  return !ok;
}
