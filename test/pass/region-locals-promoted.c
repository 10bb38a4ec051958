// Locals of the enclosing function read or assigned inside a block are promoted before outlining (every -O level): they enter and leave as values, with no barrier on their stack slots, so a block that only reads shared memory stays read-only.
// RUN: %ame_clang -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=O0
// RUN: %ame_clang -O0 -g -Rpass=ame -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=REMARK
// Without -g the locals have no names: one remark per function counts them.
// RUN: %ame_clang -O0 -Rpass=ame -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NODEBUG
// RUN: %ame_cc -O2 %s -o %t && %t | FileCheck %s --check-prefix=EXEC
// RUN: %ame_cc -O0 -g %s -o %t0 && %t0 | FileCheck %s --check-prefix=EXEC
#include <ame.h>
#include <stdio.h>

// IR-LABEL: define internal {{.*}}i32 @get.ame.region(
// IR-NOT: store_
// IR-NOT: call void @__ame_slow_store
// IR: ret i32 0
// O0-LABEL: define internal i32 @get.ame.region(
// O0: call i64 @__ame_load_8(
// O0-NOT: @__ame_load_
// O0-NOT: @__ame_store_
// O0: ret i32 0
// REMARK-DAG: region-locals-promoted.c:[[@LINE+5]]:{{[0-9]+}}: remark: local p used in an atomic block is kept in a register
// REMARK-DAG: region-locals-promoted.c:[[@LINE+5]]:{{[0-9]+}}: remark: local r used in an atomic block is kept in a register
// REMARK-NOT: used in an atomic block
// NODEBUG: remark: 2 locals without a name (temporaries, or any local without -g) used in atomic blocks are kept in registers
// NODEBUG-NOT: local {{.*}} kept in a register
__attribute__((noinline)) long get(long *p) {
  long r = 0;
  ame_atomic { r = p[0]; }
  return r;
}

long cell = 42;

int main(void) {
  long sum = 0;
  for (int i = 0; i < 1000; i++)
    sum += get(&cell);
  struct ame_stats s;
  ame_stats_thread(&s);
  // EXEC: sum=42000 commits=1000 read_only=1000
  printf("sum=%ld commits=%llu read_only=%llu\n", sum,
         (unsigned long long)s.commits,
         (unsigned long long)s.read_only_commits);
  return 0;
}
