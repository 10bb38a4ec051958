// A store to an AME_IMMUTABLE field of an object the transaction did not allocate stays instrumented, with a remark that warns (with the source location) that changing a published immutable field is undefined. A store that initialises an object the transaction allocated needs no barrier at all (own-allocation-not-instrumented.c).
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O0 -g -c -o /dev/null -Rpass-analysis=ame -Rpass-missed=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_clang -O2 -g -c -o /dev/null -Rpass-analysis=ame -Rpass-missed=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
#include <ame.h>
#include <stdlib.h>

struct obj {
  AME_IMMUTABLE int kind;
  int val;
};

// CHECK-LABEL: define internal {{.*}}@create.ame.region(
// CHECK: call {{.*}}@__ame_malloc(
// CHECK-NOT: call void @__ame_store_4(
// CHECK: ret i32
struct obj *create(int kind) {
  struct obj *o;
  ame_atomic {
    o = malloc(sizeof *o);
    // REMARK: immutable-store-remarked.c:[[@LINE+1]]:13: remark: store to memory this transaction allocated is not instrumented
    o->kind = kind;
    o->val = 0;
  }
  return o;
}

// CHECK-LABEL: define internal {{.*}}@change.ame.region(
// CHECK: call void @__ame_store_4(
// CHECK: ret i32
void change(struct obj *o) {
  ame_atomic {
    // REMARK: immutable-store-remarked.c:[[@LINE+1]]:13: remark: store to AME_IMMUTABLE data of an object this transaction did not allocate: it is instrumented, but reads of the field are not, and changing it once the object is published is undefined
    o->kind = 7;
  }
}
