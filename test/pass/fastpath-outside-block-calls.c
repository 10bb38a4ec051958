// Barrier fast paths are inlined into a block's own code and into loops;
// straight-line accesses of the functions a block calls (their clones, or
// their code inlined into the block's thunk) call libame's out-of-line
// barriers instead: inlined everywhere, the fast paths made clones about 12
// times the size of their originals (docs/code-size.md).
// -ame-inline-fastpath-straight-line inlines them everywhere again.
// RUN: %ame_clang -O2 -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -S -emit-llvm -mllvm -ame-inline-fastpath-straight-line -o - %s | FileCheck %s --check-prefix=ALL
// RUN: %ame_cc -O2 %s -o %t && %t | FileCheck %s --check-prefix=EXEC
#include <ame.h>
#include <stdio.h>

long cells[64];
long own;

__attribute__((noinline)) long straight(long k) { return cells[k & 63]; }

__attribute__((noinline)) long looping(long n) {
  long s = 0;
  for (long i = 0; i < n; i++)
    s += cells[(i * 7) & 63];
  return s;
}

static inline __attribute__((always_inline)) long inlined(long k) {
  return cells[(k + 1) & 63];
}

// The thunk: its own read of `own` inline, the read of the callee inlined
// into it a call.
// CHECK-LABEL: define {{.*}}@main.ame.region(
// CHECK-COUNT-1: call i64 @__ame_load_8(
// CHECK-NOT: call i64 @__ame_load_8(
// CHECK: {{^}$}}
// ALL-LABEL: define {{.*}}@main.ame.region(
// ALL-NOT: call i64 @__ame_load_8(
// ALL: {{^}$}}

// CHECK-LABEL: define {{.*}}@straight.ame.tx(
// CHECK: call i64 @__ame_load_8(
// CHECK: ret i64
// ALL-LABEL: define {{.*}}@straight.ame.tx(
// ALL-NOT: call i64 @__ame_load_8(
// ALL: ret i64

// CHECK-LABEL: define {{.*}}@looping.ame.tx(
// CHECK-NOT: call i64 @__ame_load_8(
// CHECK: ret i64

int main(int argc, char **argv) {
  (void)argv;
  for (int i = 0; i < 64; i++)
    cells[i] = i;
  own = 5;
  long a = 0, b = 0, c = 0, d = 0;
  ame_atomic {
    a = straight(argc + 2);
    b = looping(argc + 9);
    c = inlined(argc);
    d = own;
  }
  // EXEC: 3 315 2 5
  printf("%ld %ld %ld %ld\n", a, b, c, d);
  return 0;
}
