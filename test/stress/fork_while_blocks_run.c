// fork() while other threads are running blocks: the child runs a block of
// its own and exits normally. The threads that do not exist in the child
// held no line lock, inevitability token or serial ownership when it was
// forked.
//
// Worker threads keep running blocks on shared lines: plain ones that write
// first and read after a pause (so lines stay locked for a while), and every
// 16th one serial (__ame_irrevocable_v2, as before a call into uninstrumented
// code), which holds the token and keeps other attempts from starting. The
// main thread forks 40 times; each child increments the same lines in a
// block, checks that the block saw what its parent had committed, and exits.
// alarm() in the child turns a hang into a failure.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t 2 | FileCheck %s
// RUN: %t 4 | FileCheck %s
// CHECK: fork while blocks run: 40 children ran a block and exited

#include "Inputs/stress.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define LINES 8
#define FORKS 40

static _Alignas(64) uint64_t line[LINES][8];
static atomic_int stop;

/* Every line holds the same count outside transactions. */
static uint32_t bump_all(struct __ame_tx *tx, void *ctx) {
  uint64_t serial = (uintptr_t)ctx;
  uint64_t v = LD(tx, &line[0][0]);
  ST(tx, &line[0][0], v + 1);
  if (serial)
    __ame_irrevocable_v2(tx, NULL);
  for (volatile int i = 0; i < 500; ++i) {
  }
  for (int l = 1; l < LINES; ++l) {
    STRESS_CHECK(LD(tx, &line[l][0]) == v, "lines disagree inside a block");
    ST(tx, &line[l][0], v + 1);
  }
  return 0;
}

static void *worker(void *arg) {
  (void)arg;
  for (uint64_t i = 1; !atomic_load(&stop); ++i)
    STRESS_RUN(bump_all, (void *)(uintptr_t)(i % 16 == 0));
  return NULL;
}

static uint32_t read_line0(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  return (uint32_t)LD(tx, &line[0][0]);
}

int main(int argc, char **argv) {
  STRESS_CHECK(argc == 2, "usage: fork_while_blocks_run threads");
  int n = atoi(argv[1]);
  STRESS_CHECK(n >= 1 && n <= 8, "1 to 8 threads");
  pthread_t th[8];
  for (int i = 0; i < n; ++i)
    pthread_create(&th[i], NULL, worker, NULL);
  fflush(stdout);
  for (int f = 0; f < FORKS; ++f) {
    struct timespec pause = {0, 300000};
    nanosleep(&pause, NULL);
    pid_t pid = fork();
    STRESS_CHECK(pid >= 0, "fork");
    if (pid == 0) {
      alarm(10);
      uint32_t before = (uint32_t)line[0][0];
      STRESS_RUN(bump_all, NULL);
      uint32_t after = STRESS_RUN(read_line0, NULL);
      if (after != before + 1) {
        printf("FAIL: child read %u after its block, expected %u\n", after,
               before + 1);
        _exit(1);
      }
      exit(0);
    }
    int status;
    STRESS_CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
    STRESS_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                 "child %d: %s %d", f,
                 WIFSIGNALED(status) ? "killed by signal" : "exit status",
                 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
  }
  atomic_store(&stop, 1);
  for (int i = 0; i < n; ++i)
    pthread_join(th[i], NULL);
  printf("fork while blocks run: %d children ran a block and exited\n", FORKS);
  return 0;
}
