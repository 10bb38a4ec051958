// longjmp inside an atomic block is a compile-time error at the call.
// RUN: not %ame_clang -O1 -g -c -o /dev/null %s 2>&1 | FileCheck %s
#include <ame.h>
#include <setjmp.h>

jmp_buf jb;

void f(int x) {
  ame_atomic {
    if (x)
      // CHECK: error-longjmp-in-region.c:[[@LINE+1]]:7: error: AME: longjmp is not supported inside an atomic region
      longjmp(jb, 1);
  }
}
