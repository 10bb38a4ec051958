// With the plugin, AME_IMMUTABLE costs nothing outside transactions: the annotation intrinsics are removed before optimization, so GVN, LICM and SROA treat the field like any other (the -O2 code matches the code without the annotation).
// RUN: %ame_clang -O2 -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -DPLAIN -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O0 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=O0
#include <ame.h>

#ifdef PLAIN
#define FIELD
#else
#define FIELD AME_IMMUTABLE
#endif

struct obj {
  long refcnt;
  FIELD int kind;
  int val;
};

// CHECK-NOT: llvm.ptr.annotation
// O0-NOT: llvm.ptr.annotation
// O0-NOT: c"ame.immutable\00"

// GVN: one load of kind, across the stores to other fields.
// CHECK-LABEL: define {{.*}}i32 @twice(
// CHECK-COUNT-1: load i32
// CHECK-NOT: load i32
// CHECK: ret i32
int twice(struct obj *o) {
  int a = o->kind;
  o->refcnt++;
  o->val = 3;
  return a + o->kind;
}

// LICM + loop idioms: the loop is gone.
// CHECK-LABEL: define {{.*}}i32 @loop(
// CHECK-NOT: br {{.*}}llvm.loop
// CHECK: ret i32
int loop(struct obj *o, int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += o->kind;
  return s;
}

// SROA: a local object folds to a constant.
// CHECK-LABEL: define {{.*}}i32 @local(
// CHECK-NEXT: ret i32 11
int local(void) {
  struct obj x = {1, 5, 6};
  return x.kind + x.val;
}
