// ame-cc accepts the pass's own options through -mllvm (it loads the plugin with -fplugin too when an argument starts with -ame-): here -ame-refcount-atomic-outside turns a plain increment of an AME_REFCOUNT field into an atomicrmw.
// RUN: %ame_cc -O2 -mllvm -ame-refcount-atomic-outside -S -emit-llvm %s -o - | FileCheck %s --check-prefix=ON
// RUN: %ame_cc -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OFF
#include <ame.h>

struct obj {
  AME_REFCOUNT long refcnt;
};

// ON-LABEL: define {{.*}}void @incref(
// ON: atomicrmw add
// OFF-LABEL: define {{.*}}void @incref(
// OFF-NOT: atomicrmw
// OFF: ret void
void incref(struct obj *o) { o->refcnt++; }
