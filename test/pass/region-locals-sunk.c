// A local declared in the block that must stay in memory (an array indexed by a variable) lives in the thunk and is not instrumented; a scalar of the enclosing function used inside arrives as a value through the context, with no barrier.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>

int g;

// CHECK-LABEL: define internal i32 @f.ame.region(
// CHECK-NEXT: alloca [2 x i32]
// CHECK: [[X:%[0-9]+]] = load i32, ptr {{%[0-9]+}}, align 4, !ame.ctx
// CHECK: [[G:%[0-9]+]] = call i32 @__ame_load_4(ptr %0, ptr @g)
// CHECK-NEXT: and i32 [[X]], 1
// CHECK-NOT: call
// CHECK: store i32 [[G]], ptr
// CHECK-NOT: call i32 @__ame_load_4
// CHECK: call void @__ame_store_4(ptr %0, ptr @g,
// CHECK: ret i32 0
int f(int x) {
  ame_atomic {
    int t[2];
    t[x & 1] = g;
    g = t[x & 1] + x;
  }
  return g;
}
