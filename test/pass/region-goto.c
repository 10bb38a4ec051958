// `goto` out of an atomic block (to several labels) commits the block and continues at the label, at -O0 and -O2.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#include <ame.h>
#include <stdio.h>

int g;

// clang routes every exit through one cleanup (the end marker) and a
// "cleanup destination" slot; the pass promotes the slot before outlining,
// so each exit leaves the thunk with its own index (no barrier on the slot)
// and the caller's switches after __ame_run pick the label.
// IR-LABEL: define {{.*}}i32 @jump(
// IR: call i32 @__ame_run(ptr @.ame.site, ptr @jump.ame.region, ptr
// IR: switch i16
// IR: switch i32
// IR-LABEL: define internal i32 @jump.ame.region(
// IR-NOT: call void @__ame_store_4(ptr %0, ptr %
// IR: ret i32 0
// IR: ret i32 1
// IR: ret i32 2
int jump(int x) {
  ame_atomic {
    g += x;
    if (x == 1)
      goto one;
    if (x == 2)
      goto two;
  }
  return 0;
one:
  return 10 + g;
two:
  return 20 + g;
}

int main(void) {
  // CHECK: 10 11 23 0
  int a = jump(0);
  int b = jump(1);
  int c = jump(2);
  int d = jump(0);
  printf("%d %d %d %d\n", a + 10, b, c, d);
  return 0;
}
