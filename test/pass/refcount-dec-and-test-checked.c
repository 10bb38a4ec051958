// A comparison of the new or old value of an AME_REFCOUNT increment with a constant (the `if (--o->refcnt == 0) dealloc(o)` pattern) becomes __ame_refcount_test, which the runtime checks again at commit: the value passed carries the delta it had (the new value, or that minus the delta for the old one) and the last argument is the predicate | size << 8 (enum __ame_rc_pred: EQ 0, SGT 6, ULT 4).
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=CHECK,O2
// RUN: %ame_clang -O2 -g -c -o /dev/null -Rpass=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
#include <ame.h>

void dealloc(void *o);

struct obj {
  AME_REFCOUNT long refcnt;
  AME_REFCOUNT unsigned int urc;
  long other;
};

// CHECK-LABEL: define internal {{.*}}i32 @decref.ame.region(
// CHECK-NOT: @__ame_load_8
// CHECK: [[NEW:%[0-9]+]] = call i64 @__ame_refcount_add(ptr %0, ptr [[P:%[0-9]+]], i64 -1, i32 8, ptr @.ame.site{{[.0-9]*}})
// CHECK-NEXT: [[T:%[0-9]+]] = call i32 @__ame_refcount_test(ptr %0, ptr [[P]], i64 [[NEW]], i64 0, i32 2048, ptr @.ame.site{{[.0-9]*}})
// CHECK-NEXT: icmp ne i32 [[T]], 0
// CHECK-NOT: @__ame_store_8
// CHECK: ret i32
void decref(struct obj *o) {
  ame_atomic {
    // REMARK: refcount-dec-and-test-checked.c:[[@LINE+1]]:9: remark: AME_REFCOUNT field changed by -1 becomes a checked delta: its 1 comparison(s) with a constant are checked again at commit
    if (--o->refcnt == 0)
      dealloc(o);
  }
}

// The old value: the new one minus the delta.
// CHECK-LABEL: define internal {{.*}}i32 @decref_old.ame.region(
// CHECK: [[NEW:%[0-9]+]] = call i64 @__ame_refcount_add(ptr %0, ptr [[P:%[0-9]+]], i64 -1, i32 8, ptr @.ame.site{{[.0-9]*}})
// CHECK-NEXT: [[OLD:%[0-9]+]] = sub i64 [[NEW]], -1
// CHECK-NEXT: call i32 @__ame_refcount_test(ptr %0, ptr [[P]], i64 [[OLD]], i64 1, i32 2048, ptr @.ame.site{{[.0-9]*}})
// CHECK: ret i32
void decref_old(struct obj *o) {
  ame_atomic {
    // REMARK: refcount-dec-and-test-checked.c:[[@LINE+1]]:18: remark: AME_REFCOUNT field changed by -1 becomes a checked delta
    if (o->refcnt-- == 1)
      dealloc(o);
  }
}

// Signed order; -O2 compares the old value with 99 instead.
// CHECK-LABEL: define internal {{.*}}i32 @incref_bounded.ame.region(
// CHECK: [[NEW:%[0-9]+]] = call i64 @__ame_refcount_add(ptr %0, ptr [[P:%[0-9]+]], i64 1, i32 8, ptr @.ame.site{{[.0-9]*}})
// O0-NEXT: call i32 @__ame_refcount_test(ptr %0, ptr [[P]], i64 [[NEW]], i64 100, i32 2054, ptr @.ame.site{{[.0-9]*}})
// O2-NEXT: [[OLD:%[0-9]+]] = sub i64 [[NEW]], 1
// O2-NEXT: call i32 @__ame_refcount_test(ptr %0, ptr [[P]], i64 [[OLD]], i64 99, i32 2054, ptr @.ame.site{{[.0-9]*}})
// CHECK: ret i32
int incref_bounded(struct obj *o) {
  int big;
  ame_atomic {
    big = ++o->refcnt > 100;
  }
  return big;
}

// Unsigned order on a 4-byte counter.
// CHECK-LABEL: define internal {{.*}}i32 @unsigned_test.ame.region(
// CHECK: call i64 @__ame_refcount_add(ptr %0, ptr [[P:%[0-9]+]], i64 -1, i32 4, ptr @.ame.site{{[.0-9]*}})
// CHECK: call i32 @__ame_refcount_test(ptr %0, ptr [[P]], i64 %{{[0-9]+}}, i64 2, i32 1028, ptr @.ame.site{{[.0-9]*}})
// CHECK: ret i32
int unsigned_test(struct obj *o) {
  int r;
  ame_atomic {
    r = o->urc-- < 2u;
  }
  return r;
}
