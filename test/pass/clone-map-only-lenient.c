// A function that only the clone map needs (its address is taken, no block calls it directly) still compiles when it uses setjmp/longjmp: in its clone they make the transaction inevitable instead of being errors; reached from a block directly, the same code is an error.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: not %ame_clang -O0 -DCALL_IT -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=ERR
#include <ame.h>
#include <setjmp.h>

static jmp_buf jb;
int g;

static int guarded(void) {
  if (setjmp(jb))
    return 1;
  g++;
  return 0;
}

int (*handler)(void) = guarded;

// CHECK-LABEL: define internal {{.*}}i32 @guarded.ame.tx(ptr
// CHECK: call void @__ame_irrevocable(
// CHECK-NEXT: call i32 @_setjmp(
void f(void) {
  ame_atomic {
    g++;
#ifdef CALL_IT
    // ERR: error: AME: setjmp (a returns_twice call to '_setjmp') is not supported inside an atomic region
    guarded();
#endif
  }
}
