// A program SIGSEGV handler installed with SA_RESETHAND after start runs once for a real fault and, when it returns, the fault repeats with the default action (the process dies of SIGSEGV) instead of looping in the sandbox.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_segv(int sig) {
  (void)sig;
  static const char msg[] = "child: handler ran\n";
  write(1, msg, sizeof msg - 1);
}

int main(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    alarm(10); /* a loop would end by SIGALRM, not SIGSEGV */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    volatile int *bad =
        mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    (void)*bad;
    _exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("child killed by SIGSEGV: %d\n",
         WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
  return 0;
}
// CHECK: child: handler ran
// CHECK-NOT: handler ran
// CHECK: child killed by SIGSEGV: 1
