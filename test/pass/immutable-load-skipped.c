// A load of an AME_IMMUTABLE field inside an atomic block is not instrumented, at -O0 to -O3; the object's other fields still are, and a remark says why.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O1 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O3 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O0 -g -c -o /dev/null -Rpass-analysis=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_clang -O2 -g -c -o /dev/null -Rpass-analysis=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
#include <ame.h>

struct obj {
  AME_IMMUTABLE int kind;
  int val;
};

// CHECK-LABEL: define internal {{.*}}@read_kind.ame.region(
// CHECK-NOT: @__ame_load
// CHECK: load i32, ptr
// CHECK-NOT: @__ame_load
// CHECK: ret i32
int read_kind(struct obj *o) {
  int k;
  ame_atomic {
    // REMARK: immutable-load-skipped.c:[[@LINE+1]]:12: remark: load of AME_IMMUTABLE data is not instrumented: it does not change once its object is published
    k = o->kind;
  }
  return k;
}

// CHECK-LABEL: define internal {{.*}}@read_both.ame.region(
// CHECK-DAG: load i32, ptr
// CHECK-DAG: call i32 @__ame_load_4(
// CHECK-NOT: @__ame_load
// CHECK: ret i32
int read_both(struct obj *o) {
  int r;
  ame_atomic {
    // REMARK: immutable-load-skipped.c:[[@LINE+1]]:12: remark: load of AME_IMMUTABLE data is not instrumented
    r = o->kind * o->val;
  }
  return r;
}
