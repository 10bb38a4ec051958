// A store through a null pointer inside a block faults at the null pointer's address, as in plain C: the program's SIGSEGV handler sees si_addr 0x8 for a store to member b. Before, the barrier's look at the lock word before the first one faulted inside the runtime first, below the shadow table.
// RUN: %ame_cc -O2 %s -o %t && %t | FileCheck %s
// RUN: %ame_cc -O0 %s -o %t.O0 && %t.O0 | FileCheck %s
// CHECK: fault at 0x8
#include <ame.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

struct pair { long a, b; };
static struct pair *volatile none; /* null */

static void on_fault(int sig, siginfo_t *si, void *context) {
  (void)sig;
  (void)context;
  printf("fault at %p\n", si->si_addr);
  fflush(stdout);
  _exit(0);
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  ame_atomic { none->b = 1; }
  printf("no fault\n");
  return 1;
}
