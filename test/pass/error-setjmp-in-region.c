// setjmp inside an atomic block is a compile-time error: with -g at the call's line and column, without -g naming the block's file:line.
// RUN: not %ame_clang -O0 -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NODBG
// RUN: not %ame_clang -O2 -g -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=DBG
#include <ame.h>
#include <setjmp.h>

jmp_buf jb;
int g;

int f(void) {
  ame_atomic {
    // DBG: error-setjmp-in-region.c:[[@LINE+2]]:9: error: AME: setjmp (a returns_twice call) is not supported inside an atomic region
    // NODBG: error: AME: setjmp (a returns_twice call) is not supported inside an atomic region (atomic region at {{.*}}error-setjmp-in-region.c:[[@LINE-2]])
    if (setjmp(jb))
      g = 1;
  }
  return g;
}
// DBG-NOT: error:
// NODBG-NOT: error:
