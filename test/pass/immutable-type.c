// AME_IMMUTABLE_TYPE(T) makes every field of struct T immutable (named struct and typedef'd anonymous struct, also nested in another struct): loads of them are not instrumented, fields of other structs are, and the marker leaves nothing in the object.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -g -c -o /dev/null -Rpass-analysis=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
#include <ame.h>

struct point {
  int x, y;
};
AME_IMMUTABLE_TYPE(struct point);

typedef struct {
  int len;
  int items[4];
} tuple_t;
AME_IMMUTABLE_TYPE(tuple_t);

struct holder {
  struct point at;
  int count;
  struct point *shape;
  tuple_t tuple;
};

// CHECK-NOT: __ame_immutable_type

// Only `count` is read with a barrier.
// CHECK-LABEL: define internal {{.*}}@read_all.ame.region(
// CHECK-NOT: @__ame_load_4(
// CHECK: call i32 @__ame_load_4(
// CHECK-NOT: @__ame_load_4(
// CHECK: ret i32
int read_all(struct holder *h, int i) {
  int r;
  ame_atomic {
    // REMARK-DAG: immutable-type.c:[[@LINE+1]]:15: remark: load of AME_IMMUTABLE data is not instrumented
    r = h->at.x + h->count +
        // REMARK-DAG: immutable-type.c:[[@LINE+3]]:19: remark: load of AME_IMMUTABLE data is not instrumented
        // REMARK-DAG: immutable-type.c:[[@LINE+2]]:23: remark: load of AME_IMMUTABLE data is not instrumented
        // REMARK-DAG: immutable-type.c:[[@LINE+1]]:56: remark: load of AME_IMMUTABLE data is not instrumented
        h->shape->y + h->tuple.items[i & 3] + h->tuple.len;
  }
  return r;
}

// A store into an immutable struct is remarked like a store to a field.
// CHECK-LABEL: define internal {{.*}}@move.ame.region(
// CHECK: call void @__ame_store_4(
// CHECK: ret i32
void move(struct holder *h) {
  ame_atomic { h->at.x = 1; }
}
