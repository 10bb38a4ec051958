// A signal whose handler runs a block, arriving while a thread sets up its descriptor for its first block, runs once the setup is done instead of deadlocking on the runtime's locks.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#define _GNU_SOURCE
#include <ame.h>
#include <ame/abi.h>
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static __thread int armed;
static int (*real_lock)(pthread_mutex_t *);
static _Alignas(64) uint64_t handler_blocks, thread_blocks;
static int handler_in_transaction = -1;

/* With libame.a this definition replaces the C library's for the runtime
 * too: the first lock the thread takes after arming is the runtime's
 * registry lock, in its descriptor setup, and the signal arrives right after
 * it is taken. */
int pthread_mutex_lock(pthread_mutex_t *m) {
  int r = real_lock(m);
  if (armed) {
    armed = 0;
    pthread_kill(pthread_self(), SIGUSR1);
  }
  return r;
}

static uint32_t bump(struct __ame_tx *tx, void *ctx) {
  uint64_t *p = ctx;
  __ame_store_8(tx, p, __ame_load_8(tx, p, NULL) + 1, NULL);
  return 0;
}

static void on_usr1(int sig) {
  (void)sig;
  handler_in_transaction = ame_in_transaction();
  __ame_run(NULL, (void *)bump, &handler_blocks);
}

static void *thread(void *arg) {
  (void)arg;
  armed = 1;
  __ame_run(NULL, (void *)bump, &thread_blocks);
  return NULL;
}

int main(void) {
  alarm(10); /* a deadlock fails the test instead of hanging it */
  real_lock =
      (int (*)(pthread_mutex_t *))dlsym(RTLD_NEXT, "pthread_mutex_lock");
  signal(SIGUSR1, on_usr1);
  pthread_t t;
  pthread_create(&t, NULL, thread, NULL);
  pthread_join(t, NULL);
  printf("handler blocks %llu, thread blocks %llu, handler in transaction %d\n",
         (unsigned long long)handler_blocks, (unsigned long long)thread_blocks,
         handler_in_transaction);
  return 0;
}
// CHECK: handler blocks 1, thread blocks 1, handler in transaction 0
