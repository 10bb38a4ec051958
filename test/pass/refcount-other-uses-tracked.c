// An AME_REFCOUNT access that is not an increment whose values are only compared with constants stays tracked: __ame_refcount_load (a logged read that includes the transaction's pending delta) and __ame_refcount_store, with a missed remark saying why (value printed or stored elsewhere, a plain read or write, memory written between the read and the write).
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -g -c -o /dev/null -Rpass-missed=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
#include <ame.h>
#include <stdio.h>

struct obj {
  AME_REFCOUNT long refcnt;
  long other;
};

// CHECK-LABEL: define internal {{.*}}i32 @print_new.ame.region(
// CHECK-NOT: @__ame_refcount_add
// CHECK: call i64 @__ame_refcount_load(ptr %0, ptr [[P:%[0-9]+]], i32 8, ptr @.ame.site{{[.0-9]*}})
// CHECK: call void @__ame_refcount_store(ptr %0, ptr [[P]], i64 %{{[0-9]+}}, i32 8, ptr @.ame.site{{[.0-9]*}})
// CHECK: ret i32
void print_new(struct obj *o) {
  ame_atomic {
    // REMARK: refcount-other-uses-tracked.c:[[@LINE+1]]:21: remark: AME_REFCOUNT field read stays a tracked read (commits that change the field conflict with it): its new value is used by a call
    printf("%ld\n", ++o->refcnt);
  }
}

// CHECK-LABEL: define internal {{.*}}i32 @copy_elsewhere.ame.region(
// CHECK-NOT: @__ame_refcount_add
// CHECK: call i64 @__ame_refcount_load(
// CHECK: call void @__ame_refcount_store(
// CHECK: ret i32
void copy_elsewhere(struct obj *o) {
  ame_atomic {
    // REMARK: refcount-other-uses-tracked.c:[[@LINE+1]]:25: remark: AME_REFCOUNT field read stays a tracked read (commits that change the field conflict with it): its old value is used by a store
    o->other = o->refcnt--;
  }
}

// CHECK-LABEL: define internal {{.*}}i32 @plain_read.ame.region(
// CHECK: call i64 @__ame_refcount_load(ptr %0, ptr %{{[0-9]+}}, i32 8, ptr @.ame.site{{[.0-9]*}})
// CHECK: ret i32
long plain_read(struct obj *o) {
  long v;
  ame_atomic {
    // REMARK: refcount-other-uses-tracked.c:[[@LINE+1]]:12: remark: AME_REFCOUNT field read stays a tracked read (commits that change the field conflict with it): it is not part of an increment or decrement by an amount known before the counter is read
    v = o->refcnt;
  }
  return v;
}

// CHECK-LABEL: define internal {{.*}}i32 @plain_write.ame.region(
// CHECK: call void @__ame_refcount_store(ptr %0, ptr %{{[0-9]+}}, i64 1, i32 8, ptr @.ame.site{{[.0-9]*}})
// CHECK: ret i32
void plain_write(struct obj *o) {
  ame_atomic {
    // REMARK: refcount-other-uses-tracked.c:[[@LINE+1]]:15: remark: AME_REFCOUNT field write stays a tracked write: it does not store the field's own value plus a constant
    o->refcnt = 1;
  }
}

// CHECK-LABEL: define internal {{.*}}i32 @write_between.ame.region(
// CHECK-NOT: @__ame_refcount_add
// CHECK: call i64 @__ame_refcount_load(
// CHECK: call void @__ame_refcount_store(
// CHECK: ret i32
void write_between(struct obj *o, long *elsewhere) {
  ame_atomic {
    // REMARK: refcount-other-uses-tracked.c:[[@LINE+1]]:17: remark: AME_REFCOUNT field read stays a tracked read (commits that change the field conflict with it): memory may be written between its read and its write
    long v = o->refcnt;
    *elsewhere = 5;
    o->refcnt = v + 1;
  }
}
