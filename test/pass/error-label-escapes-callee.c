// A function called from an atomic block whose label addresses may leave it (here its label table, for threaded code) is a compile-time error at the statement they leave through (without -g: at the function), not a clone that jumps into the original.
// RUN: not %ame_clang -O0 -g -c -o /dev/null %s 2>&1 | FileCheck %s
// RUN: not %ame_clang -O2 -g -c -o /dev/null %s 2>&1 | FileCheck %s
// RUN: not %ame_clang -O2 -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NODBG
#include <ame.h>

const void *const *exported;
long acc;

// NODBG: error-label-escapes-callee.c:[[@LINE+1]]:6: error: AME: computed goto in 'run', called from an atomic block, is supported only when the addresses of its labels stay inside it (compile with -g to see where one leaves)
long run(const unsigned char *code, int init) {
  static const void *const table[] = {&&inc, &&halt};
  if (init) {
    // CHECK: error-label-escapes-callee.c:[[@LINE+1]]:14: error: AME: computed goto in 'run', called from an atomic block, is supported only when the addresses of its labels stay inside it; here one may leave it
    exported = table;
    return 0;
  }
  goto *table[*code++];
inc:
  acc++;
  goto *table[*code++];
halt:
  return acc;
}

long f(const unsigned char *code, int init) {
  long r;
  ame_atomic { r = run(code, init); }
  return r;
}
// CHECK-NOT: error:
// NODBG-NOT: error:
