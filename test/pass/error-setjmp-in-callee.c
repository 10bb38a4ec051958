// setjmp in a function called from an atomic block (so in its transactional clone) is a compile-time error at the call.
// RUN: not %ame_clang -O0 -g -c -o /dev/null %s 2>&1 | FileCheck %s
#include <ame.h>
#include <setjmp.h>

static jmp_buf jb;
int g;

static int try_it(void) {
  // CHECK: error-setjmp-in-callee.c:[[@LINE+1]]:7: error: AME: setjmp (a returns_twice call to '_setjmp') is not supported inside an atomic region
  if (setjmp(jb))
    return 1;
  return 0;
}

void f(void) {
  ame_atomic { g = try_it(); }
}
