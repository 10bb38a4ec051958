// Memory that dies with the block is fine inside it: alloca() whose pointer never leaves the block, and a variable-length array declared in the block (freed at the block's end in C too) even when passed to a function; both compile and run, at -O0 and -O2.
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#include <alloca.h>
#include <ame.h>
#include <stdio.h>
#include <string.h>

int g;

__attribute__((noinline)) static int sum(const int *v, int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += v[i];
  return s;
}

int private_alloca(int n) {
  int r;
  ame_atomic {
    int *p = alloca(n * sizeof(int));
    for (int i = 0; i < n; i++)
      p[i] = i + g;
    r = p[n - 1];
  }
  return r;
}

int vla(int n) {
  int r;
  ame_atomic {
    int v[n];
    for (int i = 0; i < n; i++)
      v[i] = i;
    r = sum(v, n);
    g += r;
  }
  return r;
}

int main(void) {
  // CHECK: 4 10 g=10 9
  int a = private_alloca(5);
  int b = vla(5);
  printf("%d %d g=%d %d\n", a, b, g, private_alloca(0 + 10) - 10);
  return 0;
}
