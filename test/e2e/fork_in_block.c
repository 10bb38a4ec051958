// fork() inside an atomic block continues the block in both processes and commits it in each, while other threads run blocks; the child can run blocks of its own and exits normally.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK-DAG: child: before 1, after 2, own block committed 1
// CHECK-DAG: parent: before 1, after 3, child exited 1

#include <ame.h>

#include "Inputs/threads.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static long before, after, others;
static atomic_int stop, running;

static void *work(void *arg) {
  (void)arg;
  atomic_fetch_add(&running, 1);
  while (!atomic_load(&stop))
    ame_atomic { others++; }
  return NULL;
}

static void *forker(void *arg) {
  (void)arg;
  while (atomic_load(&running) < 1)
    sched_yield();
  fflush(stdout);
  pid_t pid;
  ame_atomic {
    before = 1;
    pid = fork();
    after = pid == 0 ? 2 : 3;
  }
  if (pid == 0) {
    alarm(10);
    long o;
    ame_atomic { o = ++others; }
    printf("child: before %ld, after %ld, own block committed %d\n", before,
           after, o == others);
    exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("parent: before %ld, after %ld, child exited %d\n", before, after,
         WIFEXITED(status) && WEXITSTATUS(status) == 0);
  atomic_store(&stop, 1);
  return NULL;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  if (!n)
    return 2;
  pthread_t f;
  pthread_create(&f, NULL, forker, NULL);
  /* The workers and the forker overlap: the workers stop once the child is
   * done. */
  e2e_run(n - 1, work);
  pthread_join(f, NULL);
  return 0;
}
