// An atomic block whose last statement is an unconditional `return`, `break`, `continue` or `goto` compiles (no error, no -Wreturn-type) and commits before the jump, at -O0 and -O2.
// RUN: %ame_clang -O0 -Wall -Werror %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 -Wall -Werror %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#include <ame.h>
#include <stdio.h>

int x;

int ret(void) {
  ame_atomic { return x++; }
}

int brk(void) {
  int n = 0;
  for (;;) {
    n++;
    ame_atomic {
      x += 10;
      break;
    }
    n += 100; // runs: break leaves the block, not the loop
    if (n > 200)
      break;
  }
  return n;
}

int cont(void) {
  int n = 0;
  ame_atomic {
    x += 100;
    continue;
  }
  n++; // runs: continue leaves the block only
  return n;
}

int jump(int v) {
  ame_atomic {
    x += v;
    goto out;
  }
  return -1;
out:
  return x;
}

int main(void) {
  // CHECK: ret 0 1 x=2
  int a = ret();
  int b = ret();
  printf("ret %d %d x=%d\n", a, b, x);
  // CHECK-NEXT: break 202 x=22
  int n = brk();
  printf("break %d x=%d\n", n, x);
  // CHECK-NEXT: continue 1 x=122
  n = cont();
  printf("continue %d x=%d\n", n, x);
  // CHECK-NEXT: goto 1122 in=0
  printf("goto %d in=%d\n", jump(1000), ame_in_transaction());
  return 0;
}
