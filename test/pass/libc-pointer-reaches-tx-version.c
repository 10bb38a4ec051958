// A pointer to a C library string function (strcmp, strlen, memcmp, ...) that the module takes reaches the function's transactional version when a block calls through it: the clone map pairs the function with __ame_tx_<name>, and the block does not become inevitable. A pointer to another C library function reaches a transactional wrapper whose direct call the pass treats as a block's: a pure function (math.h: tinyexpr's table of sqrt, pow, ...) runs as it is, lgamma as lgamma_r with a barrier on signgam, getenv as the runtime's. At -O0 and -O2.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib -lm && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib -lm && %t.O2 | FileCheck %s
#define _GNU_SOURCE
#include <ame.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// IR: @.ame.clone_map = internal constant {{.*}}{ ptr @strcmp, ptr @__ame_tx_strcmp }{{.*}}{ ptr @strlen, ptr @__ame_tx_strlen }{{.*}}{ ptr @pow, ptr @__ame_libcall.pow }
// IR: define internal ptr @__ame_libcall.getenv(ptr %0, ptr %1)
// IR-NEXT: call ptr @__ame_getenv(ptr %0, ptr %1,
// IR: define internal double @__ame_libcall.pow(ptr %0, double %1, double %2)
// IR-NEXT: [[R:%[0-9]+]] = call double @pow(double %1, double %2)
// IR-NEXT: ret double [[R]]
// IR: define internal double @__ame_libcall.lgamma(ptr %0, double %1)
// IR: call double @lgamma_r(double %1, ptr nocapture
// IR: call void @__ame_store_4(ptr %0, ptr @signgam,
static char a[] = "apple", b[] = "apricot";
static int (*volatile cmp)(const char *, const char *) = strcmp;
static size_t (*volatile len)(const char *) = strlen;
static double (*volatile power)(double, double) = pow;
static double (*volatile log_gamma)(double) = lgamma;
static char *(*volatile lookup)(const char *) = getenv;
static volatile double two = 2;

int main(void) {
  int r;
  size_t l;
  double p, g;
  int sign;
  char *home;
  ame_atomic {
    r = cmp(a, b) < 0;
    l = len(b);
    p = power(two, 10);
    g = log_gamma(-two - 0.5);
    sign = signgam;
    home = lookup("HOME");
  }
  struct ame_stats s;
  ame_stats_total(&s);
  // CHECK: 1 7 1024 -0.056 -1 1 inevitable 0
  printf("%d %zu %.0f %.3f %d %d inevitable %llu\n", r, l, p, g, sign,
         home == getenv("HOME"), (unsigned long long)s.inevitable_commits);
  return 0;
}
