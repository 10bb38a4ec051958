// With -ame-check-immutable, each uninstrumented read of AME_IMMUTABLE data is preceded by __ame_check_immutable(tx, ptr, size, site) and each store to it by __ame_check_immutable_store; without the option neither appears.
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -mllvm -ame-check-immutable -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=OFF
// RUN: %ame_clang -O0 -g -mllvm -ame-check-immutable -c -o /dev/null -Rpass-analysis=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
#include <ame.h>

struct obj {
  AME_IMMUTABLE long kind;
  int val;
};

// OFF-NOT: __ame_check_immutable

// CHECK-LABEL: define internal {{.*}}@read.ame.region(
// CHECK: call void @__ame_check_immutable(ptr %0, ptr [[P:%.*]], i64 8, ptr @.ame.site
// CHECK-NEXT: load i64, ptr [[P]]
// CHECK: ret i32
long read(struct obj *o) {
  long k;
  ame_atomic {
    // REMARK: immutable-check-calls.c:[[@LINE+1]]:12: remark: load of AME_IMMUTABLE data is not instrumented: it does not change once its object is published; checked at commit (-ame-check-immutable)
    k = o->kind;
  }
  return k;
}

// CHECK-LABEL: define internal {{.*}}@write.ame.region(
// CHECK: call void @__ame_check_immutable_store(ptr %0, ptr [[Q:%.*]], i64 8, ptr @.ame.site
// CHECK-NEXT: call void @__ame_store_8(ptr %0, ptr [[Q]], i64 2, ptr @.ame.site{{[.0-9]*}})
// CHECK: ret i32
void write(struct obj *o) {
  ame_atomic { o->kind = 2; }
}
