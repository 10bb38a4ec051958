// A function that only the clone map needs (its address is taken, no block calls it directly) still compiles when it uses a construct transactions cannot run (here vfork, a returns_twice call other than setjmp): in its clone the construct makes the transaction inevitable instead of being an error; reached from a block directly, the same code is an error.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: not %ame_clang -O0 -DCALL_IT -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=ERR
#include <ame.h>
#include <unistd.h>

int g;

static int spawn(void) {
  pid_t p = vfork();
  if (p == 0)
    _exit(0);
  g++;
  return p;
}

int (*handler)(void) = spawn;

// CHECK-LABEL: define internal {{.*}}i32 @spawn.ame.tx(ptr
// CHECK: call void @__ame_irrevocable_v2(
// CHECK-NEXT: call i32 @vfork(
void f(void) {
  ame_atomic {
    g++;
#ifdef CALL_IT
    // ERR: error: AME: 'vfork' (a returns_twice call) is not supported inside an atomic region
    spawn();
#endif
  }
}
