// The vector-sized copies of a vectorized loop (__ame_load_bytes / __ame_store_bytes) are inlined from the real fast-path bitcode too: only their slow paths remain as calls. (Without line writes, which would take fill's stores out of their barriers: line-writes.ll.)
// RUN: %ame_cc -O2 -mllvm -ame-line-writes=false -S -emit-llvm %s -o - | FileCheck %s
// RUN: %ame_cc -O2 -fno-vectorize -fno-slp-vectorize -S -emit-llvm %s -o - | FileCheck %s --check-prefix=SCALAR
#include <ame.h>

long sum(const long *p, long n) {
  long s = 0;
  ame_atomic {
    for (long i = 0; i < n; i++)
      s += p[i];
  }
  return s;
}

void fill(long *p, long n, long k) {
  ame_atomic {
    for (long i = 0; i < n; i++)
      p[i] = k;
  }
}

// CHECK-LABEL: define {{.*}}@sum.ame.region
// CHECK-NOT: call void @__ame_load_bytes(
// CHECK: call {{.*}}@__ame_slow_load_bytes
// CHECK-LABEL: define {{.*}}@fill.ame.region
// CHECK-NOT: call void @__ame_store_bytes(
// CHECK: call void @__ame_slow_store_bytes
// SCALAR-LABEL: define {{.*}}@sum.ame.region
// SCALAR-NOT: __ame_load_bytes
// SCALAR: call {{.*}}@__ame_slow_load_v
