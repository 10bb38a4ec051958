// A function of the program whose name begins with ame_ (but is not one of the runtime's) is cloned and instrumented like any other: only the names include/ame.h declares are left to the runtime.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>

long counter;

// CHECK-LABEL: define internal {{.*}}@caller.ame.region(
// CHECK: call {{.*}}@ame_bump.ame.tx(
// CHECK: call i32 @ame_in_transaction()
// Checked after caller's region, which comes first in the output.
// CHECK-LABEL: define {{.*}}@ame_bump.ame.tx(
// CHECK: [[C:%.*]] = call ptr @__ame_open_for_write_8(ptr %0, ptr @counter,
// CHECK: store i64 {{.*}}, ptr [[C]],
long ame_bump(long k) { return counter += k; }

void caller(void) {
  ame_atomic {
    ame_bump(2);
    counter += ame_in_transaction();
  }
}
