// `return` out of an atomic block commits the block, then returns the value computed inside it (the thunk reports which exit was taken), at -O0 and -O2.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#include <ame.h>
#include <stdio.h>

int g;

// IR-LABEL: define {{.*}}i32 @early(
// IR: call i32 @__ame_run(
// IR: ret i32
// IR-LABEL: define internal {{.*}}i32 @early.ame.region(
// IR: call ptr @__ame_open_for_write_4(ptr %0, ptr @g,
int early(int x) {
  ame_atomic {
    g += x;
    if (g > 10)
      return g * 100;
    g += 1;
  }
  return -g;
}

int main(void) {
  // CHECK: -4 -9 1600
  int a = early(3);
  int b = early(4);
  int c = early(7);
  printf("%d %d %d\n", a, b, c);
  // CHECK-NEXT: g=16
  printf("g=%d\n", g);
  return 0;
}
