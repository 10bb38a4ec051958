// A program linked with -static has no dynamic symbols for libame to look up the C library's sigaction, longjmp and malloc_usable_size with (it stopped with "the C library's sigaction was not found" before main): libame takes glibc's own names for them instead. Two threads' blocks keep a counter exact, the program's signal handler runs, a longjmp leaves a block (which commits first), and memory a block allocated can be measured, resized and freed outside blocks.
// RUN: %ame_cc -O2 -static %s -o %t -lpthread 2>&1 | FileCheck %s --check-prefix=LINK --allow-empty
// RUN: %t | FileCheck %s
// glibc warns about dlopen in static programs; nothing else is said.
// LINK-NOT: error
// CHECK: counter 200000 of 200000
// CHECK-NEXT: handler ran 1
// CHECK-NEXT: left the block by longjmp, its write kept 1
// CHECK-NEXT: usable at least 100 1, resized kept 1
#include "Inputs/threads.h"
#include <ame.h>
#include <malloc.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long counter;

static void *add(void *arg) {
  (void)arg;
  for (int i = 0; i < 100000; i++)
    ame_atomic { counter++; }
  return NULL;
}

static volatile sig_atomic_t handled;
static void on_usr1(int sig) { handled = sig == SIGUSR1; }

static jmp_buf out;
static long written;
static void leave(void) { longjmp(out, 1); }

int main(void) {
  e2e_run(2, add);
  printf("counter %ld of 200000\n", counter);

  struct sigaction action = {.sa_handler = on_usr1};
  sigaction(SIGUSR1, &action, NULL);
  raise(SIGUSR1);
  printf("handler ran %d\n", (int)handled);

  if (!setjmp(out))
    ame_atomic {
      written = 1;
      leave();
    }
  printf("left the block by longjmp, its write kept %ld\n", written);

  char *p;
  ame_atomic {
    p = malloc(100);
    memset(p, 'x', 100);
  }
  int usable = malloc_usable_size(p) >= 100;
  p = realloc(p, 10000);
  printf("usable at least 100 %d, resized kept %d\n", usable,
         p[99] == 'x');
  free(p);
  return 0;
}
