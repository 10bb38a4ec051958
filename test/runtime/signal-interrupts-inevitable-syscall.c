// A signal that interrupts a system call made inside a block makes the call fail with EINTR (the handler was installed without SA_RESTART), and its handler runs after the block, not inside it.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int handled, done;
static pthread_t blocked_thread;
static int fds[2];

struct result {
  long r;
  int err, handled_at_start, handled_inside;
};

static void on_usr1(int sig) {
  (void)sig;
  atomic_fetch_add(&handled, 1);
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  struct result *res = ctx;
  /* Signals sent before the block ran their handler at once. */
  res->handled_at_start = atomic_load(&handled);
  __ame_irrevocable_v2(tx, NULL); /* what the pass emits before read() */
  char c;
  res->r = read(fds[0], &c, 1); /* nobody writes: only a signal ends it */
  res->err = errno;
  res->handled_inside = atomic_load(&handled) - res->handled_at_start;
  return 0;
}

/* Signals until the block is over: the first ones may arrive before read()
 * blocks. */
static void *sender(void *arg) {
  (void)arg;
  struct timespec ms = {0, 1000000};
  while (!atomic_load(&done)) {
    pthread_kill(blocked_thread, SIGUSR1);
    nanosleep(&ms, NULL);
  }
  return NULL;
}

int main(void) {
  alarm(10);
  pipe(fds);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);
  blocked_thread = pthread_self();
  pthread_t t;
  pthread_create(&t, NULL, sender, NULL);
  struct result res;
  __ame_run(NULL, (void *)body, &res);
  int after = atomic_load(&handled) > res.handled_at_start;
  atomic_store(&done, 1);
  pthread_join(t, NULL);
  printf("read %ld EINTR %d, handled inside the block %d, after it %d\n", res.r,
         res.err == EINTR, res.handled_inside, after);
  return 0;
}
// CHECK: read -1 EINTR 1, handled inside the block 0, after it 1
