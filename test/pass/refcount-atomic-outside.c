// With -ame-refcount-atomic-outside, increments and decrements of AME_REFCOUNT fields outside transactions become atomicrmw (monotonic when nothing uses the value, acq_rel when it is tested, as before a free), so plain code can share counters with transactions; without it they stay plain loads and stores. Inside transactions (the clones) they are deltas either way, and other accesses outside are untouched.
// RUN: %ame_clang -O0 -mllvm -ame-refcount-atomic-outside -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=ON
// RUN: %ame_clang -O2 -mllvm -ame-refcount-atomic-outside -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=ON
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=OFF
// RUN: %ame_clang -O2 -g -mllvm -ame-refcount-atomic-outside -c -o /dev/null -Rpass=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
#include <ame.h>

void dealloc(void *o);

struct obj {
  AME_REFCOUNT long refcnt;
  AME_REFCOUNT unsigned char tiny;
};

// ON-LABEL: define dso_local void @incref(
// ON: atomicrmw add ptr %{{[0-9]+}}, i64 1 monotonic
// ON-NOT: store
// ON: ret void
// OFF-LABEL: define dso_local void @incref(
// OFF-NOT: atomicrmw
// OFF: store i64
// OFF: ret void
// REMARK: refcount-atomic-outside.c:[[@LINE+1]]:39: remark: AME_REFCOUNT field changed outside transactions becomes an atomic read-modify-write
void incref(struct obj *o) { o->refcnt++; }

// ON-LABEL: define dso_local void @decref(
// ON: [[OLD:%[0-9]+]] = atomicrmw add ptr %{{[0-9]+}}, i64 -1 acq_rel
// ON: ret void
void decref(struct obj *o) {
  // REMARK: refcount-atomic-outside.c:[[@LINE+1]]:7: remark: AME_REFCOUNT field changed outside transactions becomes an atomic read-modify-write
  if (--o->refcnt == 0)
    dealloc(o);
}

// A narrow counter (promoted to int at -O0).
// ON-LABEL: define dso_local void @tiny_inc(
// ON: atomicrmw add ptr %{{[0-9]+}}, i8 1 monotonic
// ON: ret void
void tiny_inc(struct obj *o) { o->tiny++; }

// ON-LABEL: define dso_local i64 @read_only(
// ON-NOT: atomicrmw
// ON: load i64
// ON: ret i64
long read_only(struct obj *o) { return o->refcnt; }

// ON-LABEL: define dso_local void @incref.ame.tx(
// ON-NOT: atomicrmw
// ON: call i64 @__ame_refcount_add(ptr %0, ptr %{{[0-9]+}}, i64 1, i32 8, ptr @.ame.site{{[.0-9]*}})
// ON: ret void
