// A block calling a function defined in another translation unit compiled with the pass runs that unit's public clone (no inevitability); the same call linked against the unit compiled without the pass still works, inevitably.
// RUN: %ame_clang -O0 -c %S/Inputs/cross_tu_target.c -o %t.with.o
// RUN: %clang -O0 -c %S/Inputs/cross_tu_target.c -o %t.without.o
// RUN: %ame_clang -O0 %s %t.with.o -o %t.O0 %rt_lib && %t.O0 | FileCheck %s --check-prefix=CLONE
// RUN: %ame_clang -O2 %s %t.with.o -o %t.O2 %rt_lib && %t.O2 | FileCheck %s --check-prefix=CLONE
// RUN: %ame_clang -O2 %s %t.without.o -o %t.plain %rt_lib && %t.plain | FileCheck %s --check-prefix=PLAIN
#include <ame.h>
#include <stdio.h>

long counter;
void add_counter(long n); /* Inputs/cross_tu_target.c */

int main(void) {
  ame_atomic { add_counter(5); }
  struct ame_stats s;
  ame_stats_thread(&s);
  // CLONE: counter=5 inevitable=0
  // PLAIN: counter=5 inevitable=1
  printf("counter=%ld inevitable=%lu\n", counter,
         (unsigned long)s.inevitable_commits);
  return 0;
}
