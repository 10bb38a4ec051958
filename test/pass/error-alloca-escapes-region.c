// alloca() inside an atomic block whose memory may be used after the block (C keeps it until the function returns, the outlined block would free it) is a compile-time error at the alloca, with -g at its line and column, without -g at the block's line, at -O0 and -O2.
// RUN: not %ame_clang -O0 -g -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=DBG
// RUN: not %ame_clang -O2 -g -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=DBG
// RUN: not %ame_clang -O0 -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NODBG
// RUN: not %ame_clang -O2 -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NODBG
#include <alloca.h>
#include <ame.h>
#include <string.h>

char *g;

void keep(char *p);

int outlives(int n) {
  char *p;
  // NODBG: error-alloca-escapes-region.c:[[@LINE+1]]:{{[0-9]+}}: error: AME: alloca inside an atomic block whose memory outlives the block is not supported; allocate before the block
  ame_atomic {
    // DBG: error-alloca-escapes-region.c:[[@LINE+1]]:9: error: AME: alloca inside an atomic block whose memory outlives the block is not supported; allocate before the block
    p = alloca(n);
    memset(p, 1, n);
  }
  return p[n - 1];
}

void passed(int n) {
  // NODBG: error-alloca-escapes-region.c:[[@LINE+1]]:{{[0-9]+}}: error: AME: alloca inside an atomic block
  ame_atomic {
    // DBG: error-alloca-escapes-region.c:[[@LINE+1]]:15: error: AME: alloca inside an atomic block
    char *q = __builtin_alloca(n);
    keep(q); // may keep it
  }
}
// DBG-NOT: error:
// NODBG-NOT: error:
