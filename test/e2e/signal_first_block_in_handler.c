// A thread's first block may run in a signal handler that interrupted the
// C library: here malloc, free and malloc_trim, which hold the arena's lock,
// and ame_stats_total, which holds the runtime's registry lock. Setting up
// the thread's descriptor there must not call malloc (pthread_getattr_np
// did: the thread waited forever for the lock it held, or corrupted the
// heap), nor wait for the registry lock. Every handler's block commits once,
// and a block the thread runs afterwards, outside any handler, works too.
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t | FileCheck %s
// CHECK: threads 40, every handler's block committed once: yes
#include <ame.h>

#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { THREADS = 40, SIGNALS = 30 };

static volatile long handled;
static long committed, after;

static void on_usr1(int sig) {
  (void)sig;
  ame_atomic { committed++; }
  handled++;
}

static volatile int running, busy;

static void *victim(void *arg) {
  (void)arg;
  // No block before the signals come: the handler's is the thread's first.
  while (running) {
    void *p[8];
    for (int i = 0; i < 8; i++)
      p[i] = malloc(4000 + i * 3000); // past the tcache: the arena's lock
    for (int i = 0; i < 8; i++)
      free(p[i]);
    malloc_trim(0);
    struct ame_stats s;
    ame_stats_total(&s);
    busy = 1;
  }
  ame_atomic { after++; }
  return NULL;
}

static void give_up(int sig) {
  (void)sig;
  static const char msg[] = "stuck: a handler's first block waited\n";
  write(2, msg, sizeof msg - 1);
  _exit(1);
}

int main(void) {
  signal(SIGALRM, give_up);
  alarm(60);
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &sa, NULL);
  for (int t = 0; t < THREADS; t++) {
    pthread_t th;
    running = 1;
    busy = 0;
    pthread_create(&th, NULL, victim, NULL);
    while (!busy)
      ;
    for (int k = 0; k < SIGNALS; k++) {
      pthread_kill(th, SIGUSR1);
      usleep(50);
    }
    running = 0;
    pthread_join(th, NULL);
  }
  printf("threads %d, every handler's block committed once: %s\n", THREADS,
         committed == handled && handled > 0 && after == THREADS ? "yes"
                                                                  : "no");
  return 0;
}
