// -Rpass-missed=ame names, at the call, every construct that makes the transaction inevitable and says which mode the pass chose: inevitable beside other transactions (known I/O, C11 atomics and fences) or alone in serial mode (library functions without a transactional version, also those LLVM's table of library functions does not know, which the pass finds in the C library it runs on, known ones it cannot bound, inline asm that may touch memory). Calls that look up a clone at run time get no such remark (remarks-clone-lookup.c).
// RUN: %ame_clang -O0 -c -o /dev/null -Rpass-missed='^ame$' -Xclang -verify %s
// RUN: %ame_clang -O2 -c -o /dev/null -Rpass-missed='^ame$' -Xclang -verify %s
#define _GNU_SOURCE
#include <ame.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int g;
wchar_t wide[4];
char narrow[4];
atomic_int counter;
void (*hook)(int);

void f(va_list ap) {
  ame_atomic {
    g++;
    printf("%d\n", g); // expected-remark {{call to printf is known I/O: the transaction becomes inevitable here and others keep running (what it reads or writes through its arguments is locked first)}}
    atomic_fetch_add(&counter, 1); // expected-remark {{atomic access (atomicrmw add) stays atomic: the transaction becomes inevitable here and others keep running (its location is locked first)}}
    atomic_thread_fence(memory_order_seq_cst); // expected-remark {{fence: the transaction becomes inevitable here and others keep running}}
    g += strtok(0, ",") != 0; // expected-remark {{call to strtok cannot be instrumented: the transaction runs alone from here (serial mode)}}
    g += wcstombs(narrow, wide, 4); // expected-remark {{call to wcstombs, a C library function without a transactional version: the transaction runs alone from here (serial mode)}}
    vfprintf(stderr, "%d\n", ap); // expected-remark {{call to vfprintf cannot be bounded (its arguments come in a va_list): the transaction runs alone from here (serial mode)}}
    hook(g);           // a clone lookup: remarks-clone-lookup.c
    __asm__ volatile("mfence" ::: "memory"); // expected-remark {{call to inline asm that clobbers memory cannot be instrumented: the transaction runs alone from here (serial mode)}}
  }
}
