// -Rpass-analysis=ame says which accesses are left uninstrumented and why: non-escaping locals and constant globals.
// RUN: %ame_clang -O0 -g -c -o /dev/null -Rpass-analysis=ame %s 2>&1 | FileCheck %s
#include <ame.h>

static const int table[4] = {1, 2, 3, 4};
int g;

// A local of a function a block calls is private to each call (at -O0 a
// local declared in the block itself stays in the caller's frame: nothing
// there shows that it does not outlive the block).
static int add(int i) {
  // An array indexed by a variable stays in memory (scalars are promoted).
  // CHECK-DAG: remarks-skipped-accesses.c:[[@LINE+1]]:7: remark: accesses to local sum are not instrumented: it does not escape
  int sum[2];
  sum[i & 1] = 0;
  // CHECK-DAG: remarks-skipped-accesses.c:[[@LINE+1]]:17: remark: load from constant table is not instrumented
  sum[i & 1] += table[i & 3];
  return sum[i & 1];
}

int f(int i) {
  int r = 0;
  ame_atomic {
    g += add(i);
    r = g;
  }
  return r;
}
// CHECK-NOT: local g
