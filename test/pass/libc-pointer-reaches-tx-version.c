// A pointer to a C library string function (strcmp, strlen, memcmp, ...) that the module takes reaches the function's transactional version when a block calls through it: the clone map pairs the function with __ame_tx_<name>, and the block does not become inevitable. At -O0 and -O2.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#include <ame.h>
#include <stdio.h>
#include <string.h>

// IR: @.ame.clone_map = internal constant {{.*}}{ ptr @strcmp, ptr @__ame_tx_strcmp }{{.*}}{ ptr @strlen, ptr @__ame_tx_strlen }
static char a[] = "apple", b[] = "apricot";
static int (*volatile cmp)(const char *, const char *) = strcmp;
static size_t (*volatile len)(const char *) = strlen;

int main(void) {
  int r;
  size_t l;
  ame_atomic {
    r = cmp(a, b) < 0;
    l = len(b);
  }
  struct ame_stats s;
  ame_stats_total(&s);
  // CHECK: 1 7 inevitable 0
  printf("%d %zu inevitable %llu\n", r, l,
         (unsigned long long)s.inevitable_commits);
  return 0;
}
