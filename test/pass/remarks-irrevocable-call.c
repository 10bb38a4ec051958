// -Rpass-missed=ame names every call that makes the transaction inevitable (external function, inline asm) or may make it so (an indirect call whose target has no clone), at the call.
// RUN: %ame_clang -O0 -c -o /dev/null -Rpass-missed=ame -Xclang -verify %s
// RUN: %ame_clang -O2 -c -o /dev/null -Rpass-missed=ame -Xclang -verify %s
#include <ame.h>
#include <stdio.h>

int g;
void (*hook)(int);

void f(void) {
  ame_atomic {
    g++;
    printf("%d\n", g); // expected-remark {{call to printf cannot be instrumented: the transaction becomes inevitable here (and runs alone unless the callee is known I/O)}}
    hook(g);           // expected-remark {{indirect call: the transaction becomes inevitable here (and runs alone) unless the target has a transactional clone}}
    __asm__ volatile("" ::: "memory"); // expected-remark {{call to inline asm cannot be instrumented: the transaction becomes inevitable here}}
  }
}
