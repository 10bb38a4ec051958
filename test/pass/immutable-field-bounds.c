// An access is treated as immutable only if it stays inside the AME_IMMUTABLE field: container_of from the field to its object, a load wider than the field, and pointer arithmetic by a variable keep their barrier; element and member selection inside the field, and constant steps within it, do not.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>
#include <stddef.h>

struct hdr {
  int a, b;
};
struct obj {
  int val;
  AME_IMMUTABLE struct hdr h;
  AME_IMMUTABLE int arr[4];
  int tail;
};

#define container_of(p, T, m) ((T *)((char *)(p) - offsetof(T, m)))
static struct obj *owner(struct hdr *h) { return container_of(h, struct obj, h); }

// CHECK-LABEL: define internal {{.*}}@back_to_object.ame.region(
// CHECK: call i32 @__ame_load_4(
// CHECK: ret i32
int back_to_object(struct obj *o) {
  int r;
  ame_atomic { r = owner(&o->h)->val; }
  return r;
}

// CHECK-LABEL: define internal {{.*}}@wider_than_field.ame.region(
// CHECK: call i64 @__ame_load_8(
// CHECK: ret i32
long wider_than_field(struct obj *o) {
  long r;
  ame_atomic { r = *(long *)&o->arr[3]; }
  return r;
}

// CHECK-LABEL: define internal {{.*}}@variable_step.ame.region(
// CHECK: call i32 @__ame_load_4(
// CHECK: ret i32
int variable_step(struct obj *o, int i) {
  int r;
  int *q = &o->arr[0];
  ame_atomic { r = *(q + i); }
  return r;
}

// CHECK-LABEL: define internal {{.*}}@inside.ame.region(
// CHECK-NOT: @__ame_load
// CHECK: ret i32
int inside(struct obj *o, int i) {
  int r;
  int *q = o->arr;
  ame_atomic { r = o->arr[i & 3] + o->h.b + q[2]; }
  return r;
}
