// A local declared and used only inside the block lives in the thunk and is not instrumented; a local of the enclosing function used inside is reached through the context and instrumented.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>

int g;

// CHECK-LABEL: define internal i32 @f.ame.region(
// CHECK-NEXT: alloca i32
// CHECK-NEXT: alloca i32
// CHECK: [[XP:%[0-9]+]] = load ptr, ptr {{%[0-9]+}}, align 8, !ame.ctx
// CHECK: [[G:%[0-9]+]] = call i32 @__ame_load_4(ptr %0, ptr @g)
// CHECK-NEXT: store i32 [[G]], ptr [[T:%[0-9]+]]
// CHECK-NEXT: load i32, ptr [[T]]
// CHECK-NEXT: call i32 @__ame_load_4(ptr %0, ptr [[XP]])
// CHECK: ret i32 0
int f(int x) {
  ame_atomic {
    int t = g;
    g = t + x;
  }
  return g;
}
