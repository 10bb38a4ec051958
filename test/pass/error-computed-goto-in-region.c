// A computed goto inside an atomic block is a compile-time error located at the `goto *` statement with -g, and at the block's `ame_atomic` line without -g (never at the enclosing function), at -O0 and -O2.
// RUN: not %ame_clang -O0 -g -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=DBG
// RUN: not %ame_clang -O2 -g -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=DBG
// RUN: not %ame_clang -O0 -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NODBG
// RUN: not %ame_clang -O2 -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NODBG
#include <ame.h>

int g;

int f(int x) {
  // NODBG: error-computed-goto-in-region.c:[[@LINE+1]]:{{[0-9]+}}: error: AME: computed goto is not supported inside an atomic region
  ame_atomic {
    void *target = x ? &&one : &&two;
    // DBG: error-computed-goto-in-region.c:[[@LINE+1]]:5: error: AME: computed goto is not supported inside an atomic region
    goto *target;
  one:
    g = 1;
    goto done;
  two:
    g = 2;
  done:;
  }
  return g;
}
// DBG-NOT: error:
// NODBG-NOT: error:
