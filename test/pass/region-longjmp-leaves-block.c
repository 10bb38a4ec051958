// A longjmp written in an atomic block to a setjmp outside it compiles; the block commits, then the jump happens (like a goto out of the block), at -O0 and -O2.
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#include <ame.h>
#include <setjmp.h>
#include <stdio.h>

static jmp_buf jb;
int g;

int main(void) {
  if (setjmp(jb)) {
    // CHECK: jumped g=2 in=0
    printf("jumped g=%d in=%d\n", g, ame_in_transaction());
    return 0;
  }
  ame_atomic {
    g += 2;
    if (g > 0)
      longjmp(jb, 1);
    g = -1;
  }
  printf("not reached\n");
  return 1;
}
