// A SIGSEGV handler the program installs after start does not replace the sandbox: a doomed transaction's fault is still aborted and retried, a real fault reaches the program's handler, and sigaction reports the program's handlers, never the runtime's.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "Inputs/doomed_fault.h"

static volatile int expect_fault;
static int handler_calls;
static sigjmp_buf recover;

static void on_segv(int sig, siginfo_t *info, void *uc) {
  (void)sig, (void)info, (void)uc;
  handler_calls++;
  if (!expect_fault) {
    static const char msg[] = "the program's handler got a doomed fault\n";
    write(1, msg, sizeof msg - 1);
    _exit(1);
  }
  siglongjmp(recover, 1);
}

int main(void) {
  struct sigaction sa, old, cur;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &old);
  printf("previous handler is the default: %d\n", old.sa_handler == SIG_DFL);

  uint64_t v;
  run_doomed_reader(&v);
  struct ame_stats s;
  ame_stats_thread(&s);
  printf("attempts %d, value %llu, fault aborts %llu, handler calls %d\n",
         doomed_attempts, (unsigned long long)v,
         (unsigned long long)s.aborts[AME_ABORT_FAULT], handler_calls);

  volatile uint64_t *bad =
      mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  expect_fault = 1;
  if (!sigsetjmp(recover, 1))
    (void)*bad; // a real fault, outside transactions
  printf("after a real fault: handler calls %d\n", handler_calls);

  sigaction(SIGSEGV, NULL, &cur);
  printf("current handler is the program's: %d\n",
         (cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_segv);
  return 0;
}
// CHECK: previous handler is the default: 1
// CHECK-NEXT: attempts 2, value 0, fault aborts 1, handler calls 0
// CHECK-NEXT: after a real fault: handler calls 1
// CHECK-NEXT: current handler is the program's: 1
