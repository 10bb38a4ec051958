// A variadic AME_ATOMIC function is a compile-time error located at the function, with and without -g.
// RUN: not %ame_clang -O0 -c -o /dev/null %s 2>&1 | FileCheck %s
// RUN: not %ame_clang -O0 -g -c -o /dev/null %s 2>&1 | FileCheck %s
#include <ame.h>
#include <stdarg.h>

int g;

// CHECK: error-variadic-atomic-function.c:[[@LINE+1]]:{{[0-9]+}}: error: AME: variadic AME_ATOMIC functions are not supported
AME_ATOMIC int sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++)
    g += va_arg(ap, int);
  va_end(ap);
  return g;
}
