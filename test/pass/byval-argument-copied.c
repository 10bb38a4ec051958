// A by-value argument of a call inside a block is first copied into a local of the transactional function through a barrier (__ame_load_bytes from the shared struct), and the call copies that local: the call's own copy would read memory directly, missing the transaction's redo log and its read set (test/e2e/byval_arguments.c).
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>

struct Big { long v[8]; };
struct Big shared;
long out;

__attribute__((noinline)) long last(struct Big b) { return b.v[7]; }

void f(void) {
  ame_atomic { out = last(shared); }
}

// CHECK-LABEL: define internal {{.*}} @f.ame.region(
// CHECK: %[[COPY:[0-9a-z.]+]] = alloca %struct.Big
// CHECK: call void @__ame_load_bytes(ptr %0, ptr {{.*}}%[[COPY]], ptr {{.*}}@shared, i64 64, ptr @.ame.site
// CHECK: call {{.*}} @last.ame.tx(ptr %0, ptr {{.*}}byval(%struct.Big) {{.*}}%[[COPY]])
