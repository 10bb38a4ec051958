// fork() while another thread is installing signal handlers: the child can
// install its own. libame's sigaction takes a lock of its own (signals.c),
// which the thread that does not exist in the child must not be left holding.
//
// A thread keeps switching SIGUSR1 between two handlers with signal() while
// the main thread forks 100 times; each child installs a handler, raises the
// signal and exits. A child that hangs (it would spin with every signal
// blocked, so alarm() cannot end it) is killed after 10 s and fails the test.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t | FileCheck %s
// CHECK: fork while sigaction: 100 children installed a handler

#include "Inputs/stress.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define FORKS 100

static atomic_int stop;
static volatile sig_atomic_t child_handled;

static void handler_a(int sig) { (void)sig; }
static void handler_b(int sig) { (void)sig; }
static void child_handler(int sig) {
  (void)sig;
  child_handled = 1;
}

static void *switcher(void *arg) {
  (void)arg;
  while (!atomic_load(&stop)) {
    signal(SIGUSR1, handler_a);
    signal(SIGUSR1, handler_b);
  }
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, switcher, NULL);
  fflush(stdout);
  for (int f = 0; f < FORKS; ++f) {
    pid_t pid = fork();
    STRESS_CHECK(pid >= 0, "fork");
    if (pid == 0) {
      signal(SIGUSR1, child_handler);
      raise(SIGUSR1);
      _exit(child_handled ? 0 : 1);
    }
    int status;
    double give_up = stress_now() + 10;
    while (waitpid(pid, &status, WNOHANG) == 0) {
      if (stress_now() > give_up) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        break;
      }
      sched_yield();
    }
    STRESS_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                 "child %d: %s %d", f,
                 WIFSIGNALED(status) ? "killed by signal" : "exit status",
                 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
  }
  atomic_store(&stop, 1);
  pthread_join(t, NULL);
  printf("fork while sigaction: %d children installed a handler\n", FORKS);
  return 0;
}
