// -Rpass=ame reports each outlined region, each transactional clone made for a call and each instrumented function (including the public clone of an external function) with its counts, at the source lines.
// RUN: %ame_clang -O0 -c -o /dev/null -Rpass=ame -Xclang -verify %s
// RUN: %ame_clang -O2 -c -o /dev/null -Rpass=ame -Xclang -verify=o2 %s
#include <ame.h>

int g;

static __attribute__((noinline)) void bump(int *p) {
  *p += 1; // expected-remark {{instrumented bump (bump.ame.tx): 1 loads, 1 stores, 0 memory intrinsics, 0 atomics run inevitably}}
           // o2-remark@-1 {{instrumented bump (bump.ame.tx): 1 loads, 1 stores, 0 memory intrinsics, 0 atomics run inevitably}}
}

void f(void) {
  ame_atomic { // expected-remark-re {{atomic block at {{.*}}remarks-outlined-cloned-instrumented.c:14 outlined into f.ame.region}}
               // o2-remark-re@-1 {{atomic block at {{.*}}remarks-outlined-cloned-instrumented.c:14 outlined into f.ame.region}}
               // expected-remark@-2 {{instrumented f (f.ame.region): 0 loads, 0 stores, 0 memory intrinsics, 0 atomics run inevitably}}
               // expected-remark@-3 {{instrumented f (f.ame.tx): 0 loads, 0 stores, 0 memory intrinsics, 0 atomics run inevitably}}
               // o2-remark@-4 {{instrumented f (f.ame.tx): 0 loads, 0 stores, 0 memory intrinsics, 0 atomics run inevitably}}
    bump(&g);  // expected-remark {{transactional clone bump.ame.tx of bump created}}
               // o2-remark@-1 {{transactional clone bump.ame.tx of bump created}}
               // o2-remark@-2 {{instrumented f (f.ame.region): 0 loads, 0 stores, 0 memory intrinsics, 0 atomics run inevitably}}
  }
}
