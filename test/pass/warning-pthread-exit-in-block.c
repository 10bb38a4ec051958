// pthread_exit (or C11 thrd_exit) written in an atomic block, or in a function a block calls, gets a compile-time warning at the call (the block commits first); thread exit outside blocks gets none, and the compile succeeds.
// RUN: %ame_clang -O0 -g -c -o /dev/null %s 2>&1 | FileCheck %s
// RUN: %ame_clang -O2 -g -c -o /dev/null %s 2>&1 | FileCheck %s
// RUN: %ame_clang -O0 -g -c -o /dev/null %s 2>&1 | grep -c "warning: AME" | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}3{{$}}
// Without -g the warning names the function instead:
// RUN: %ame_clang -O2 -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NODBG
#include <ame.h>
#include <pthread.h>
#include <threads.h>

long done, g;

__attribute__((noinline)) static void finish(long v) {
  g = v;
  if (v > 10)
    // CHECK-DAG: warning-pthread-exit-in-block.c:[[@LINE+2]]:5: warning: AME: pthread_exit inside an atomic block commits the block first
    // NODBG-DAG: warning: AME: pthread_exit inside an atomic block commits the block first (in finish)
    pthread_exit(0);
}

void *worker(void *arg) {
  long v = (long)arg;
  ame_atomic {
    done++;
    if (v < 0)
      // CHECK-DAG: warning-pthread-exit-in-block.c:[[@LINE+2]]:7: warning: AME: pthread_exit inside an atomic block commits the block first
      // NODBG-DAG: warning: AME: pthread_exit inside an atomic block commits the block first (in worker)
      pthread_exit(arg);
    finish(v);
    if (v == 7)
      // CHECK-DAG: warning-pthread-exit-in-block.c:[[@LINE+2]]:7: warning: AME: thrd_exit inside an atomic block commits the block first
      // NODBG-DAG: warning: AME: thrd_exit inside an atomic block commits the block first (in worker)
      thrd_exit(7);
  }
  if (v == 3)
    pthread_exit(0);
  if (v == 4)
    thrd_exit(4);
  return 0;
}
// CHECK-NOT: warning:
// CHECK-NOT: error:
// NODBG-NOT: warning:
