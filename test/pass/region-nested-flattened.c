// A block nested in another is flattened into the outer one: one __ame_run, one thunk, no inner marker left.
// RUN: %ame_clang -O0 -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O0 -c -o /dev/null -Rpass=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
#include <ame.h>

int a, b;

// CHECK-LABEL: define {{.*}}void @nested(
// CHECK: call i32 @__ame_run(
// CHECK-NOT: call i32 @__ame_run(
// CHECK: ret void
// CHECK-NOT: @nested.ame.region.{{[0-9]+}}(
// CHECK-NOT: call void @llvm.var.annotation
// CHECK-NOT: call void @__ame_atomic_end
// REMARK: region-nested-flattened.c:[[@LINE+3]]:3: remark: atomic block at {{.*}}region-nested-flattened.c:[[@LINE+3]] outlined into nested.ame.region (1 nested block(s) flattened)
void nested(void) {
  a++;
  ame_atomic {
    a++;
    ame_atomic { b++; }
  }
}
