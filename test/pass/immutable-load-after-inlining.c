// Reads of an AME_IMMUTABLE field stay uninstrumented after -O2/-O3 inline the accessor into the block and GVN merges the copies (the merged load is recognised by its TBAA tag), with and without -fno-strict-aliasing; so does a clone of the accessor.
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O3 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -fno-strict-aliasing -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -g -c -o /dev/null -Rpass-analysis=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
#include <ame.h>

struct obj {
  long refcnt;
  AME_IMMUTABLE int kind;
  int val;
};

static int kind_of(struct obj *o) { return o->kind; }

// Two reads around a store to another field: GVN keeps one.
// CHECK-LABEL: define internal {{.*}}@twice.ame.region(
// CHECK-NOT: @__ame_{{(load_(for_write_)?|open_for_write_)}}4(
// CHECK: call {{i32 @__ame_load_(for_write_)?|ptr @__ame_open_for_write_}}4(
// CHECK-NOT: @__ame_{{(load_(for_write_)?|open_for_write_)}}4(
// CHECK: ret i32
int twice(struct obj *o) {
  int k;
  ame_atomic {
    k = kind_of(o);
    o->val++;
    k += kind_of(o);
  }
  return k;
}

// A loop over objects (not unrolled, so each access appears once): the reads
// of `kind` are plain wherever they end up; only `val` is instrumented.
// CHECK-LABEL: define internal {{.*}}@sum.ame.region(
// CHECK-NOT: @__ame_{{(load_(for_write_)?|open_for_write_)}}4(
// CHECK: call {{i32 @__ame_load_(for_write_)?|ptr @__ame_open_for_write_}}4(
// CHECK-NOT: @__ame_{{(load_(for_write_)?|open_for_write_)}}4(
// CHECK: ret i32
int sum(struct obj **v, int n) {
  int s = 0;
  ame_atomic {
#pragma clang loop unroll(disable) vectorize(disable)
    for (int i = 0; i < n; i++)
      if (kind_of(v[i]) == kind_of(v[0]))
        s += v[i]->val;
  }
  return s;
}

// Called from another file, kind_of's public sibling runs as a clone.
int kind_public(struct obj *o) { return kind_of(o); }
// CHECK-LABEL: define {{.*}}@kind_public.ame.tx(
// CHECK-NOT: @__ame_load
// CHECK: ret i32

// REMARK: remark: load of AME_IMMUTABLE data is not instrumented: it does not change once its object is published (recognised by its TBAA tag)
