// Remarks say only what surely happens at run time. A call to a function of another module, or through a pointer, runs a transactional clone when the callee was built with AME: -Rpass-missed=ame stays silent about it, and -Rpass-analysis=ame says it depends on the callee's module. A function that no block of this file reaches (its clone serves other modules and pointers) gets no remark at all, even for a call that will go serial or an atomic that will make a block inevitable; so does a thread's start routine for its code outside its own block.
// RUN: %ame_clang -O0 -c -o /dev/null -Rpass-missed='^ame$' %s 2>&1 | FileCheck %s --check-prefix=MISSED --allow-empty
// RUN: %ame_clang -O0 -c -o /dev/null -Rpass-analysis='^ame$' %s 2>&1 | FileCheck %s --check-prefix=ANALYSIS
// RUN: %ame_clang -O2 -c -o /dev/null -Rpass-missed='^ame$' %s 2>&1 | FileCheck %s --check-prefix=MISSED --allow-empty
// RUN: %ame_clang -O2 -c -o /dev/null -Rpass-analysis='^ame$' %s 2>&1 | FileCheck %s --check-prefix=ANALYSIS
#include <ame.h>
#include <string.h>

void elsewhere(int); // defined in another file
void (*hook)(int);
int g;

// MISSED-NOT: remark
void caller(void) {
  int x = g;
  ame_atomic {
    // ANALYSIS: remarks-clone-lookup.c:[[#@LINE+1]]:5: remark: call to elsewhere runs its transactional clone when its module was built with AME, else the transaction runs alone from here (serial mode; AME_STATS=1 lists such sites)
    elsewhere(x);
    // ANALYSIS: remarks-clone-lookup.c:[[#@LINE+1]]:5: remark: indirect call runs the target's transactional clone when its module was built with AME, else the transaction runs alone from here (serial mode; AME_STATS=1 lists such sites)
    hook(x);
  }
}
// ANALYSIS-NOT: strtok

// No block of this file reaches it; it has a public clone for other files.
int not_in_a_block(void) {
  return strtok(0, ",") != 0;
}

// A thread's start routine: its block gets remarks, its atomic after the
// block none, since the routine's clone runs only if a block calls it.
int done;
void *start(void *arg) {
  ame_atomic { g++; }
  __atomic_fetch_add(&done, 1, __ATOMIC_SEQ_CST);
  return arg;
}
