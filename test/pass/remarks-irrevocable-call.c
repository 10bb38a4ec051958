// -Rpass-missed=ame names every call that makes the transaction inevitable (external function, indirect call, inline asm), at the call.
// RUN: %ame_clang -O0 -c -o /dev/null -Rpass-missed=ame -Xclang -verify %s
// RUN: %ame_clang -O2 -c -o /dev/null -Rpass-missed=ame -Xclang -verify %s
#include <ame.h>
#include <stdio.h>

int g;
void (*hook)(int);

void f(void) {
  ame_atomic {
    g++;
    printf("%d\n", g); // expected-remark {{call to printf cannot be instrumented: the transaction becomes inevitable here}}
    hook(g);           // expected-remark {{call to indirect call cannot be instrumented: the transaction becomes inevitable here}}
    __asm__ volatile("" ::: "memory"); // expected-remark {{call to inline asm cannot be instrumented: the transaction becomes inevitable here}}
  }
}
