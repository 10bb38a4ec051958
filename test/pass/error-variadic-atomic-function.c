// A variadic AME_ATOMIC function is a compile-time error naming the function.
// RUN: not %ame_clang -O0 -c -o /dev/null %s 2>&1 | FileCheck %s
#include <ame.h>
#include <stdarg.h>

int g;

// CHECK: error: AME: variadic AME_ATOMIC functions are not supported (at {{.*}}error-variadic-atomic-function.c:[[@LINE+1]])
AME_ATOMIC int sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++)
    g += va_arg(ap, int);
  va_end(ap);
  return g;
}
