// `o->refcnt += k` and `-= k` with k known before the counter is read (an argument, a value computed earlier) become deltas like constant ones; an amount computed from the counter itself (`+= o->refcnt`) cannot commute and stays a tracked read and write.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t && %t | FileCheck %s --check-prefix=RUN-OUT
#include <ame.h>
#include <stdio.h>

struct obj {
  AME_REFCOUNT long refcnt;
};

// CHECK-LABEL: define internal {{.*}}@add.ame.region(
// CHECK: call i64 @__ame_refcount_add(ptr %{{[^,]*}}, ptr {{[^,]*}}, i64 %{{[^,]*}}, i32 8, ptr @.ame.site{{[.0-9]*}})
// CHECK-NOT: @__ame_refcount_load
// CHECK: ret i32
__attribute__((noinline)) void add(struct obj *o, long k) {
  ame_atomic { o->refcnt += k; }
}

// CHECK-LABEL: define internal {{.*}}@sub.ame.region(
// CHECK: [[NEG:%.*]] = sub i64 0, %
// CHECK: call i64 @__ame_refcount_add(ptr %{{[^,]*}}, ptr {{[^,]*}}, i64 [[NEG]], i32 8, ptr @.ame.site{{[.0-9]*}})
// CHECK: ret i32
__attribute__((noinline)) void sub(struct obj *o, long k) {
  ame_atomic { o->refcnt -= k; }
}

// CHECK-LABEL: define internal {{.*}}@double_it.ame.region(
// CHECK-NOT: @__ame_refcount_add
// CHECK: call i64 @__ame_refcount_load(
// CHECK: ret i32
__attribute__((noinline)) void double_it(struct obj *o) {
  ame_atomic { o->refcnt += o->refcnt; }
}

int main(void) {
  struct obj o = {10};
  add(&o, 7);
  sub(&o, 3);
  double_it(&o);
  // RUN-OUT: 28
  printf("%ld\n", o.refcnt);
  return 0;
}
