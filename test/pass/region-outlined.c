// An atomic block is outlined into <fn>.ame.region(ptr tx, ptr ctx) and replaced by __ame_run(site, thunk, ctx), at -O0 and -O2.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>

int g;

// CHECK-LABEL: define {{.*}}i32 @f(
// CHECK-NOT: @__ame_load
// CHECK: call i32 @__ame_run(ptr {{.*}}@.ame.site, ptr {{.*}}@f.ame.region, ptr {{.*}}%{{[0-9]+}})
// CHECK-NOT: store {{.*}}@g
// CHECK: ret i32
int f(int x) {
  ame_atomic {
    g = g + x;
  }
  return g;
}

// CHECK-LABEL: define internal {{.*}}i32 @f.ame.region(ptr %0, ptr %1)
// CHECK-SAME: #[[ATTR:[0-9]+]]
// CHECK: [[G:%.*]] = call ptr @__ame_open_for_write_4(ptr %0, ptr @g, ptr @.ame.site{{[.0-9]*}})
// CHECK: store i32 {{.*}}, ptr [[G]],
// CHECK: ret i32 0
// CHECK: attributes #[[ATTR]] = {{.*}}"ame-tx-clone"
