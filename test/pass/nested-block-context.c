// A function with a block, called inside another block, runs as its clone,
// which calls the block's thunk directly with a context struct in its own
// frame. Packing that context and reading the outputs back are frame data
// of the attempt, as they are in the thunk: no barriers. A local that the
// block reaches through its address (kept in the function's frame, the
// thunk's accesses to it instrumented) keeps its barriers in the clone too,
// or the clone would not see the thunk's buffered writes to it.
// RUN: %ame_clang -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_cc -O2 %s -o %t && %t | FileCheck %s --check-prefix=EXEC
// RUN: %ame_cc -O0 %s -o %t0 && %t0 | FileCheck %s --check-prefix=EXEC
#include <ame.h>
#include <stdio.h>

long cells[64];

__attribute__((noinline)) void bump(long *p) { *p += 1; }

// IR-LABEL: define {{.*}}i64 @get.ame.tx(
// IR-NOT: @__ame_store_
// IR-NOT: @__ame_slow_store
// IR: call i32 @get.ame.region(
// IR-NOT: @__ame_load_
// IR-NOT: @__ame_slow_load
// IR: ret i64
__attribute__((noinline)) long get(long k) {
  long r = 0;
  ame_atomic { r = cells[k]; }
  return r;
}

// IR-LABEL: define {{.*}}i64 @kept.ame.tx(
// IR: @__ame_{{(slow_)?}}store
// IR: call i32 @kept.ame.region(
// IR: @__ame_{{(slow_)?}}load
// IR: ret i64
__attribute__((noinline)) long kept(long k) {
  long x = k;
  ame_atomic {
    bump(&x);
    cells[k] += x;
  }
  return x;
}

__attribute__((noinline)) long outer(long k) {
  long s = 0;
  ame_atomic { s = get(k) * 100 + kept(k); }
  return s;
}

int main(void) {
  cells[3] = 10;
  // EXEC: outer=1004 cells=14
  printf("outer=%ld cells=%ld\n", outer(3), cells[3]);
  return 0;
}
