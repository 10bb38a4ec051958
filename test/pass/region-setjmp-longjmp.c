// setjmp and longjmp inside one atomic block compile and are plain control flow: the block's writes before and after the longjmp all commit, and a volatile local keeps its value across the jump, at -O0 and -O2.
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#include <ame.h>
#include <setjmp.h>
#include <stdio.h>

static jmp_buf jb;
int g, h;

__attribute__((noinline)) static void fail(int code) { longjmp(jb, code); }

int run(int n) {
  int r;
  ame_atomic {
    volatile int tries = 0;
    g += 1;
    r = setjmp(jb);
    tries++;
    if (r < n) {
      h += 10;
      if (r % 2)
        fail(r + 1); // from a function the block calls
      longjmp(jb, r + 1); // in the block itself
    }
    g += 100 * tries;
  }
  return r;
}

int main(void) {
  // CHECK: r=3 g=401 h=30 in=0
  int r = run(3);
  printf("r=%d g=%d h=%d in=%d\n", r, g, h, ame_in_transaction());
  return 0;
}
