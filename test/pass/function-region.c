// An AME_ATOMIC function runs every call as an atomic region: its body moves into <fn>.ame.region and the function becomes a wrapper that packs the arguments and calls __ame_run; called from inside a region it joins directly (no __ame_run).
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=CHECK,O2
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s --check-prefix=OUT
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s --check-prefix=OUT
#include <ame.h>
#include <stdio.h>

long total;

// The wrapper: arguments into a context struct, __ame_run, result out of it.
// CHECK-LABEL: define dso_local i64 @add(
// CHECK: store i64 %0, ptr
// CHECK: call i32 @__ame_run(ptr {{.*}}@.ame.site{{.*}}, ptr {{.*}}@add.ame.region, ptr
// CHECK: ret i64
AME_ATOMIC long add(long n) {
  total += n;
  return total;
}

// Inside a block the call joins: at -O0 through the wrapper's clone, at -O2
// (wrapper inlined) straight into the thunk; never a second __ame_run.
// CHECK-LABEL: define {{.*}}i32 @main.ame.region(
// O0: call i64 @add.ame.tx(ptr %0,
// O2: call i32 @add.ame.region(ptr %0,
// CHECK-NOT: __ame_run
// CHECK: ret i32 0

// The body, with the argument loaded from the context and the barriers.
// CHECK-LABEL: define internal {{.*}}i32 @add.ame.region(ptr %0, ptr %1)
// CHECK: load i64, ptr {{%[0-9]+}}, align 8, !ame.ctx
// CHECK: [[T:%.*]] = call ptr @__ame_open_for_write_8(ptr %0, ptr @total, ptr @.ame.site{{[.0-9]*}})
// CHECK: store i64 {{.*}}, ptr [[T]],
// CHECK: store i64 {{.*}}, !ame.ctx
// CHECK: ret i32 0

// O0-LABEL: define {{.*}}i64 @add.ame.tx(ptr %0, i64 noundef %1)
// O0: call i32 @add.ame.region(ptr %0, ptr
// O0-NOT: __ame_run
// O0: ret i64

int main(void) {
  long a = add(2);
  long b;
  ame_atomic {
    b = add(3);
  }
  // OUT: 2 5 5
  printf("%ld %ld %ld\n", a, b, total);
  return 0;
}
