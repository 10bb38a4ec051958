// A local declared inside the block (its lifetime markers, from -O1 up, lie inside the region) lives in the thunk's frame and its accesses are not instrumented; a scalar of the enclosing function used inside arrives as a value through the context.
// RUN: %ame_clang -O1 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>

int g;

// CHECK-LABEL: define internal {{.*}}i32 @f.ame.region(
// CHECK-NEXT: alloca [64 x i32]
// CHECK-NEXT: load i32, ptr %1, align 4, !ame.ctx
// CHECK-NOT: call {{.*}}@__ame_
// CHECK: call {{i32 @__ame_load_4|ptr @__ame_open_for_write_4}}(ptr %0, ptr @g, ptr @.ame.site{{[.0-9]*}})
// CHECK-NOT: call {{.*}}@__ame_
// CHECK: {{call void @__ame_store_4\(ptr %0, ptr @g,|store i32 .*, ptr %[0-9]+, align 4$}}
// CHECK-NOT: call {{.*}}@__ame_
// CHECK: ret i32 0
int f(int x) {
  ame_atomic {
    int t[64];
    for (int k = 0; k < 64; k++)
      t[k] = g + k;
    g = t[x & 63] + x;
  }
  return g;
}
