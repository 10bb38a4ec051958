// At run time a call through a function pointer inside a block reaches the callee's transactional clone (the block commits without becoming inevitable), also when the target is in another translation unit compiled with the pass that takes its address; a pointer to an uninstrumented function still runs, inevitably.
// RUN: %ame_clang -O0 -c %S/Inputs/indirect_target.c -o %t.target.o
// RUN: %ame_clang -O0 %s %t.target.o -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 -c %S/Inputs/indirect_target.c -o %t.target2.o
// RUN: %ame_clang -O2 %s %t.target2.o -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#include <ame.h>
#include <stdio.h>
#include <stdlib.h>

long counter;
extern void (*add_other_ptr)(long); /* Inputs/indirect_target.c */

static void add_here(long n) { counter += n; }

void (*volatile here)(long) = add_here;
int (*volatile libc_rand)(void) = rand; /* neither a clone nor pure */

static unsigned long inevitable(void) {
  struct ame_stats s;
  ame_stats_thread(&s);
  return s.inevitable_commits;
}

int main(void) {
  ame_atomic { here(1); }
  void (*volatile other)(long) = add_other_ptr;
  ame_atomic { other(10); }
  // CHECK: counter=11 inevitable=0
  printf("counter=%ld inevitable=%lu\n", counter, inevitable());
  int a;
  ame_atomic { a = libc_rand() >= 0; }
  // CHECK-NEXT: rand=1 inevitable=1
  printf("rand=%d inevitable=%lu\n", a, inevitable());
  return 0;
}
