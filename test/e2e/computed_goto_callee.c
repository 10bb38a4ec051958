// A function that dispatches through label addresses (computed goto: a static label table, a local one, a label kept in a variable, a table of label offsets), called from atomic blocks on several threads, runs its own transactional clone and gives exact counts.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: counter exact
// CHECK-NEXT: pair invariant held inside 0 violations
// CHECK-NEXT: outside the blocks exact
// CHECK-NEXT: PASS

#include <ame.h>

#include <stdio.h>

#include "Inputs/threads.h"

enum { ITERS = 2000 };

/* An interpreter-style dispatch loop, as in Lua's and CPython's VMs. */
enum { OP_LOAD, OP_ADD, OP_STORE, OP_SWAP, OP_HALT };

static long counter, pair_a, pair_b;
static long *const slots[] = {&counter, &pair_a, &pair_b};

static long interpret(const unsigned char *code) {
  static void *dispatch[] = {&&op_load, &&op_add, &&op_store, &&op_swap,
                             &&op_halt};
  long acc = 0, other = 0;
  const unsigned char *pc = code;
  goto *dispatch[*pc++];
op_load:
  acc = *slots[*pc++];
  goto *dispatch[*pc++];
op_add:
  acc += *pc++;
  goto *dispatch[*pc++];
op_store:
  *slots[*pc++] = acc;
  goto *dispatch[*pc++];
op_swap: {
  long t = acc;
  acc = other;
  other = t;
  goto *dispatch[*pc++];
}
op_halt:
  return acc;
}

/* The same with a non-static table and a label address kept in a local. */
static long step_twice(long *p) {
  void *const table[] = {&&add, &&done};
  void *next = table[0];
  int n = 0;
again:
  goto *next;
add:
  *p += 1;
  next = ++n < 2 ? &&add : table[1];
  goto again;
done:
  return *p;
}

/* Label differences, the form GCC's manual suggests for shared libraries. */
static long offsets(long *p, int which) {
  static const int delta[] = {&&one - &&one, &&two - &&one};
  goto *(&&one + delta[which]);
one:
  *p += 1;
two:
  *p += 1;
  return *p;
}

/* counter += 1; pair_a += 3; pair_b += 3 */
static const unsigned char program[] = {
    OP_LOAD,  0, OP_ADD,  1, OP_STORE, 0, OP_SWAP,  OP_LOAD, 1,       OP_ADD, 3,
    OP_STORE, 1, OP_LOAD, 2, OP_ADD,   3, OP_STORE, 2,       OP_SWAP, OP_HALT};

static void *work(void *arg) {
  (void)arg;
  long violations = 0;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ITERS; i++) {
    long skew;
    ame_atomic {
      interpret(program);
      step_twice(&counter); /* counter += 2 */
      offsets(&counter, 0); /* counter += 2 */
      offsets(&counter, 1); /* counter += 1 */
      skew = pair_a - pair_b;
    }
    violations += skew != 0;
  }
  return (void *)violations;
}

int main(int argc, char **argv) {
  int threads = e2e_threads(argc, argv);
  if (!threads)
    return 2;
  long violations = e2e_run(threads, work);
  int counter_ok = counter == 6L * threads * ITERS &&
                   pair_a == 3L * threads * ITERS && pair_b == pair_a;
  printf("counter %s\n", counter_ok ? "exact" : "WRONG");
  printf("pair invariant held inside %ld violations\n", violations);
  /* The originals still work outside blocks. */
  long before = counter;
  interpret(program);
  step_twice(&counter);
  offsets(&counter, 1);
  int outside_ok = counter == before + 4;
  printf("outside the blocks %s\n", outside_ok ? "exact" : "WRONG");
  int ok = counter_ok && violations == 0 && outside_ok;
  printf("%s\n", ok ? "PASS" : "FAIL");
  return !ok;
}
