// Stores to an AME_IMMUTABLE field stay instrumented; a remark says whether they initialise an object the transaction allocated, or warn (with the source location) that the transaction did not allocate it.
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
// CHECK: call void @__ame_store_4(
// CHECK: ret i32
struct obj *create(int kind) {
  struct obj *o;
  ame_atomic {
    o = malloc(sizeof *o);
    // REMARK: immutable-store-remarked.c:[[@LINE+1]]:13: remark: store to AME_IMMUTABLE data is instrumented: it initialises an object this transaction allocated
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
