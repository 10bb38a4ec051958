// A load of an AME_IMMUTABLE field is not instrumented when it goes through a pointer to the field (a local variable, a select of two such pointers, a static function's parameter) or through an object pointer that an instrumented read returned.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %ame_clang -O1 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O3 -fno-strict-aliasing -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>

struct type {
  AME_IMMUTABLE int size;
};
struct obj {
  AME_IMMUTABLE struct type *type;
  AME_IMMUTABLE int kind;
  int val;
};
struct shared {
  struct obj *obj;
};

// CHECK-LABEL: define internal {{.*}}@local_pointer.ame.region(
// CHECK-NOT: @__ame_load
// CHECK: ret i32
int local_pointer(struct obj *o) {
  int k;
  int *p = &o->kind;
  ame_atomic { k = *p; }
  return k;
}

// CHECK-LABEL: define internal {{.*}}@select_pointer.ame.region(
// CHECK-NOT: @__ame_load
// CHECK: ret i32
int select_pointer(struct obj *a, struct obj *b, int c) {
  int k;
  ame_atomic {
    int *p = c ? &a->kind : &b->kind;
    k = *p;
  }
  return k;
}

// At -O3 with TBAA, argument promotion moves the read into the caller with
// the scalar `int` tag only (docs/user-guide.md, limits): not checked there.
static int deref(int *p) { return *p; }

// CHECK-LABEL: define internal {{.*}}@pointer_argument.ame.region(
// CHECK-NOT: @__ame_load
// CHECK: ret i32
int pointer_argument(struct obj *o) {
  int k;
  ame_atomic { k = deref(&o->kind); }
  return k;
}

// s->obj is read with a barrier; the immutable fields behind it are not.
// CHECK-LABEL: define internal {{.*}}@reached_by_read.ame.region(
// CHECK: call i64 @__ame_load_8(
// CHECK-NOT: @__ame_load
// CHECK: ret i32
int reached_by_read(struct shared *s) {
  int n;
  ame_atomic { n = s->obj->type->size; }
  return n;
}

// At -O0 deref is not inlined: its transactional clone reads plainly.
// O0-LABEL: define {{.*}}@deref.ame.tx(
// O0-NOT: @__ame_load
// O0: ret i32
