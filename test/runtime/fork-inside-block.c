// fork() inside a block (an uninstrumented call, so the block runs serially) continues the block in both processes and commits it in each; other threads' blocks keep working in the parent, and the child runs blocks of its own.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t 1 | FileCheck %s && %t 3 | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static _Alignas(64) uint64_t x, y, others;
static atomic_int stop;

static uint32_t bump(struct __ame_tx *tx, void *ctx) {
  uint64_t *p = ctx;
  __ame_store_8(tx, p, __ame_load_8(tx, p, NULL) + 1, NULL);
  return 0;
}

static void *worker(void *arg) {
  (void)arg;
  while (!atomic_load(&stop))
    __ame_run(NULL, (void *)bump, &others);
  return NULL;
}

static uint32_t forking_block(struct __ame_tx *tx, void *ctx) {
  __ame_store_8(tx, &x, 1, NULL);
  __ame_irrevocable_v2(tx, NULL); /* what the pass emits before fork() */
  pid_t pid = fork();
  *(pid_t *)ctx = pid;
  __ame_store_8(tx, &y, pid == 0 ? 2 : 3, NULL);
  return 0;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1;
  pthread_t th[8];
  for (int i = 0; i < n && i < 8; ++i)
    pthread_create(&th[i], NULL, worker, NULL);
  while (__atomic_load_n(&others, __ATOMIC_RELAXED) == 0)
    sched_yield();
  fflush(stdout);
  pid_t pid;
  __ame_run(NULL, (void *)forking_block, &pid);
  if (pid == 0) {
    alarm(10);
    uint64_t before = others;
    __ame_run(NULL, (void *)bump, &others);
    printf("child: x %llu, y %llu, its own block committed %d\n",
           (unsigned long long)x, (unsigned long long)y, others == before + 1);
    exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  uint64_t before = others;
  while (others == before)
    sched_yield();
  atomic_store(&stop, 1);
  for (int i = 0; i < n && i < 8; ++i)
    pthread_join(th[i], NULL);
  printf("parent: x %llu, y %llu, others still run, child exited %d\n",
         (unsigned long long)x, (unsigned long long)y,
         WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return 0;
}
// CHECK-DAG: child: x 1, y 2, its own block committed 1
// CHECK-DAG: parent: x 1, y 3, others still run, child exited 1
