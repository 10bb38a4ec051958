// Accesses to AME_IMMUTABLE and AME_REFCOUNT fields are recognized (tagged !ame.immutable / !ame.refcount at PipelineStart): the immutable read is a plain load and the refcount increment a delta (the rules have their own tests, immutable-*.c and refcount-*.c).
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O0 -g -c -o /dev/null -Rpass-analysis=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
#include <ame.h>

struct obj {
  AME_REFCOUNT long refcnt;
  AME_IMMUTABLE int type;
};

// Outside a region the tags stay on the plain accesses.
// CHECK-LABEL: define {{.*}}i32 @type_of(
// CHECK: load i32, ptr {{.*}}, !ame.immutable
int type_of(struct obj *o) { return o->type; }

// CHECK-LABEL: define internal i32 @incref.ame.region(
// CHECK: load i32, ptr {{.*}}, !ame.immutable
// CHECK: call i64 @__ame_refcount_add(
int incref(struct obj *o) {
  int t;
  ame_atomic {
    // REMARK: annotations-immutable-refcount.c:[[@LINE+1]]:12: remark: load of AME_IMMUTABLE data is not instrumented
    t = o->type;
    // Refcount rewriting has its own tests (refcount-*.c).
    o->refcnt++;
  }
  return t;
}
