// Loaded with -fpass-plugin, the pass outlines and instruments at every optimization level (PipelineStart and OptimizerLast callbacks run in the -O0 pipeline too, on optnone functions).
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O1 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O3 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -Os -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -Oz -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -flto=thin -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>

double acc;

// CHECK-LABEL: define {{.*}}void @add(
// CHECK: call i32 @__ame_run(
// CHECK-NOT: {{load|store}} double
// CHECK: ret void
// CHECK-LABEL: define internal {{.*}}i32 @add.ame.region(
// CHECK: [[ACC:%.*]] = call ptr @__ame_open_for_write_8(ptr %0, ptr @acc, ptr @.ame.site{{[.0-9]*}})
// CHECK: store double {{.*}}, ptr [[ACC]],
// CHECK-NOT: {{load|store}} double{{.*}}@acc
// CHECK: ret i32 0
void add(double x) {
  ame_atomic { acc += x; }
}
