// Through clang's -O2 pipeline, a bank transfer block's caller prefetches both accounts' lines and their lock words, for writing, right before __ame_run, and the program computes the same totals; -O0 and -ame-entry-prefetch=false emit no prefetch.
// RUN: %ame_cc -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %ame_cc -O2 -mllvm -ame-entry-prefetch=false -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OFF
// RUN: %ame_cc -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OFF
// RUN: %ame_cc -O2 -Rpass=ame -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_cc -O2 %s -o %t && %t | FileCheck %s --check-prefix=EXEC
#include <ame.h>
#include <stdio.h>
#include <stdlib.h>

static long *accounts;

// CHECK-LABEL: define internal fastcc void @transfer(
// CHECK: load ptr, ptr @accounts
// CHECK-COUNT-4: call void asm sideeffect "prefetchw ($0)", "r"(ptr %{{.*}})
// CHECK-NEXT: call i32 @__ame_run(
// OFF-NOT: {{@llvm.prefetch|"prefetchw}}
// REMARK: entry-prefetch-bank.c:[[@LINE+2]]:3: remark: 2 line(s) the block touches, and their lock words, are prefetched before its transaction begins
__attribute__((noinline)) static void transfer(long from, long to, long amount) {
  ame_atomic {
    accounts[from] -= amount;
    accounts[to] += amount;
  }
}

int main(void) {
  enum { N = 1 << 16 };
  accounts = malloc(N * sizeof *accounts);
  for (long i = 0; i < N; i++)
    accounts[i] = 100;
  unsigned long r = 1;
  for (long i = 0; i < 100000; i++) {
    r = r * 6364136223846793005ul + 1442695040888963407ul;
    transfer((long)(r >> 20) % N, (long)(r >> 40) % N, (long)(r & 7));
  }
  long total = 0;
  for (long i = 0; i < N; i++)
    total += accounts[i];
  // EXEC: total 6553600
  printf("total %ld\n", total);
  return 0;
}
