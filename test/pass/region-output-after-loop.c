// A value a block computes in a loop and the function uses after the block
// leaves through an output slot in the function's frame. LICM sinks the
// slot's store out of the loop as a new store that lacks the !ame.ctx tag;
// the thunk's ame.ctx.slots metadata still identifies the slot, so the store
// takes no barrier and a block that only reads shared memory stays
// read-only (an instrumented store made it an update that validated and
// marked every line it read at commit).
// RUN: %ame_clang -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_cc -O2 %s -o %t && %t | FileCheck %s --check-prefix=EXEC
// RUN: %ame_cc -O0 %s -o %t0 && %t0 | FileCheck %s --check-prefix=EXEC
#include <ame.h>
#include <stdio.h>

// IR-LABEL: define internal {{.*}}i32 @sum.ame.region(
// IR-NOT: @__ame_store_
// IR-NOT: @__ame_slow_store
// IR: ret i32 0
// IR-LABEL: define internal {{.*}}i32 @count_nonzero.ame.region(
// IR-NOT: @__ame_store_
// IR-NOT: @__ame_slow_store
// IR: ret i32 0
long cells[4096];

__attribute__((noinline)) long sum(long n) {
  long total = 0;
  ame_atomic {
    long s = 0;
    for (long i = 0; i < n; i++)
      s += cells[i];
    total = s;
  }
  return total;
}

// Assigned in the loop itself, under a condition.
__attribute__((noinline)) int count_nonzero(long n) {
  int count = 0;
  ame_atomic {
    for (long i = 0; i < n; i++)
      if (cells[i])
        count++;
  }
  return count;
}

int main(void) {
  for (long i = 0; i < 4096; i++)
    cells[i] = i & 1;
  long t = 0, c = 0;
  for (int k = 0; k < 10; k++) {
    t += sum(4096);
    c += count_nonzero(4096);
  }
  struct ame_stats s;
  ame_stats_thread(&s);
  // EXEC: total=20480 count=20480 commits=20 read_only=20
  printf("total=%ld count=%ld commits=%llu read_only=%llu\n", t, c,
         (unsigned long long)s.commits,
         (unsigned long long)s.read_only_commits);
  return 0;
}
