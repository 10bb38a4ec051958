// Inside regions, ++, --, += k and -= k of an AME_REFCOUNT field (and an atomic fetch-add on it) become one __ame_refcount_add of the signed constant, with no barrier on the field, at -O0 and -O2; the remark says it became a commutative delta.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -g -c -o /dev/null -Rpass=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
#include <ame.h>

struct obj {
  AME_REFCOUNT long refcnt;
  AME_REFCOUNT int small;
  AME_REFCOUNT unsigned char tiny;
  long other;
};

// CHECK-LABEL: define internal {{.*}}i32 @incref.ame.region(
// CHECK-NOT: @__ame_load_8
// CHECK: call i64 @__ame_refcount_add(ptr %0, ptr %{{[0-9]+}}, i64 1, i32 8, ptr @.ame.site{{[.0-9]*}})
// CHECK-NOT: @__ame_store_8
// CHECK: ret i32
void incref(struct obj *o) {
  ame_atomic {
    // REMARK: refcount-inc-dec-delta.c:[[@LINE+1]]:14: remark: AME_REFCOUNT field changed by 1 becomes a commutative delta applied at commit (no conflict): nothing else uses its value
    o->refcnt++;
  }
}

// CHECK-LABEL: define internal {{.*}}i32 @decref_no_test.ame.region(
// CHECK-NOT: @__ame_load_8
// CHECK: call i64 @__ame_refcount_add(ptr %0, ptr %{{[0-9]+}}, i64 -1, i32 8, ptr @.ame.site{{[.0-9]*}})
// CHECK-NOT: @__ame_store_8
// CHECK: ret i32
void decref_no_test(struct obj *o) {
  ame_atomic {
    // REMARK: refcount-inc-dec-delta.c:[[@LINE+1]]:5: remark: AME_REFCOUNT field changed by -1 becomes a commutative delta
    --o->refcnt;
  }
}

// Sizes 4 and 1; a constant other than 1.
// CHECK-LABEL: define internal {{.*}}i32 @add_sub_k.ame.region(
// CHECK: call i64 @__ame_refcount_add(ptr %0, ptr %{{[0-9]+}}, i64 3, i32 4, ptr @.ame.site{{[.0-9]*}})
// CHECK: call i64 @__ame_refcount_add(ptr %0, ptr %{{[0-9]+}}, i64 -2, i32 1, ptr @.ame.site{{[.0-9]*}})
// CHECK-NOT: @__ame_store
// CHECK: ret i32
void add_sub_k(struct obj *o) {
  ame_atomic {
    // REMARK: refcount-inc-dec-delta.c:[[@LINE+1]]:14: remark: AME_REFCOUNT field changed by 3 becomes a commutative delta
    o->small += 3;
    // REMARK: refcount-inc-dec-delta.c:[[@LINE+1]]:13: remark: AME_REFCOUNT field changed by -2 becomes a commutative delta
    o->tiny -= 2;
  }
}

// An atomic fetch-add on the field is a delta too (no inevitability).
// CHECK-LABEL: define internal {{.*}}i32 @atomic_add.ame.region(
// CHECK-NOT: @__ame_irrevocable_v2
// CHECK: call i64 @__ame_refcount_add(ptr %0, ptr %{{[0-9]+}}, i64 1, i32 8, ptr @.ame.site{{[.0-9]*}})
// CHECK-NOT: atomicrmw
// CHECK: ret i32
void atomic_add(struct obj *o) {
  ame_atomic {
    // REMARK: refcount-inc-dec-delta.c:[[@LINE+1]]:5: remark: AME_REFCOUNT atomic add of 1 becomes a commutative delta applied at commit (no conflict)
    __atomic_fetch_add(&o->refcnt, 1, __ATOMIC_RELAXED);
  }
}
