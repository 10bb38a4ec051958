// A local declared outside an atomic block, used only inside it and whose address is taken, keeps its value between executions of the block (it stays in the caller's frame, not in the outlined body), at -O0 and -O2.
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#include <ame.h>
#include <stdio.h>

static int *kept;

__attribute__((noinline)) void bump(int *p, int first) {
  if (first) {
    *p = 100;
    kept = p;
  } else {
    *p += 1;
  }
}

int main(void) {
  int v;
  for (int i = 0; i < 7; i++) {
    ame_atomic {
      bump(&v, i == 0);
      if (i == 6)
        printf("v=%d same=%d\n", v, kept == &v);
    }
  }
  // CHECK: v=106 same=1
  return 0;
}
