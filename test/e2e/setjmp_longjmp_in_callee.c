// A block calling a function that does setjmp and then calls a deeper function that longjmps back (the lua_pcall / luaL_error pattern) runs as one transaction: shared writes before the setjmp, between it and the longjmp, and after the jump all commit exactly once, and no block sees another half done.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: counts exact
// CHECK-NEXT: pair invariant held inside 0 violations
// CHECK-NEXT: PASS

#include <ame.h>

#include <setjmp.h>
#include <stdio.h>

#include "Inputs/threads.h"

enum { ITERS = 3000 };

/* Per-thread interpreter state in shared memory, as a lua_State is. */
struct state {
  struct handler *error_jmp;
};

struct handler {
  jmp_buf b;
  volatile int status;
};

static struct state states[64];
static long before, between, after_return, after_jump, pair_a, pair_b;

/* Raises an error for odd k, as luaL_error does: through the state. */
static void deeper(struct state *L, long k) {
  between++;
  pair_a++;
  if (k & 1) {
    L->error_jmp->status = 1 + (int)(k % 3);
    longjmp(L->error_jmp->b, 1);
  }
}

/* Runs deeper() protected, as lua_pcall does. */
static int protected_call(struct state *L, long k) {
  struct handler h;
  struct handler *previous = L->error_jmp;
  h.status = 0;
  L->error_jmp = &h;
  before++;
  if (setjmp(h.b) == 0) {
    deeper(L, k);
    after_return++;
  } else {
    after_jump += h.status;
  }
  pair_b++;
  L->error_jmp = previous;
  return h.status;
}

static void *work(void *arg) {
  struct state *L = &states[(long)arg];
  long violations = 0;
  pthread_barrier_wait(&start_line);
  for (long k = 0; k < ITERS; k++) {
    long skew;
    int status;
    ame_atomic {
      status = protected_call(L, k);
      skew = pair_a - pair_b;
    }
    violations += skew != 0 || status != ((k & 1) ? 1 + (int)(k % 3) : 0);
  }
  return (void *)violations;
}

int main(int argc, char **argv) {
  int threads = e2e_threads(argc, argv);
  if (!threads)
    return 2;
  long violations = e2e_run(threads, work);
  long jumps = 0, returns = 0;
  for (long k = 0; k < ITERS; k++) {
    if (k & 1)
      jumps += 1 + k % 3;
    else
      returns++;
  }
  long n = (long)threads * ITERS;
  int ok = before == n && between == n && after_return == returns * threads &&
           after_jump == jumps * threads && pair_a == n && pair_b == n;
  for (int t = 0; t < threads; t++)
    ok &= states[t].error_jmp == NULL;
  printf("counts %s\n", ok ? "exact" : "WRONG");
  printf("pair invariant held inside %ld violations\n", violations);
  ok &= violations == 0;
  printf("%s\n", ok ? "PASS" : "FAIL");
  return !ok;
}
