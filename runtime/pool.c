/*===- pool.c - The worker pool of parallel loops and task queues ----------===
 *
 * Threads are created the first time a job needs them and then wait for the
 * next job, so a program that runs many short loops pays thread creation
 * once. One job at a time: a job started while another runs (from another
 * thread, or from a commit action of a task) runs on its caller alone, which
 * is always correct since every item is an atomic block.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "internal.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define AME__POOL_MAX 256

static pthread_mutex_t ame__pool_busy = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ame__pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ame__pool_start = PTHREAD_COND_INITIALIZER;
static pthread_cond_t ame__pool_done = PTHREAD_COND_INITIALIZER;
static unsigned ame__pool_threads; /* created, each numbered 1.. */
static uint64_t ame__pool_gen;     /* jobs started */
static struct ame__job *ame__pool_job;
static unsigned ame__pool_running; /* threads still in the current job */
static unsigned ame__workers_set;  /* ame_set_workers, 0: default */
static pthread_once_t ame__pool_once = PTHREAD_ONCE_INIT;
/* The job count when each thread was created: it runs the jobs after that
 * one, even the first if it starts only after that job was posted. */
static uint64_t ame__pool_born[AME__POOL_MAX];

/* Pool threads do not exist in a forked child. Its copy of the pool state
 * may be mid-job; the child starts afresh. */
static void ame__pool_fork_child(void) {
  pthread_mutex_init(&ame__pool_busy, NULL);
  pthread_mutex_init(&ame__pool_lock, NULL);
  pthread_cond_init(&ame__pool_start, NULL);
  pthread_cond_init(&ame__pool_done, NULL);
  ame__pool_threads = 0;
  ame__pool_job = NULL;
  ame__pool_running = 0;
}

static void ame__pool_init(void) {
  pthread_atfork(NULL, NULL, ame__pool_fork_child);
}

static void *ame__pool_thread(void *p) {
  unsigned me = (unsigned)(uintptr_t)p;
  pthread_mutex_lock(&ame__pool_lock);
  uint64_t seen = ame__pool_born[me];
  for (;;) {
    while (ame__pool_gen == seen)
      pthread_cond_wait(&ame__pool_start, &ame__pool_lock);
    seen = ame__pool_gen;
    /* Not needed by this job, or woken only after it ended (it cannot end
     * without the threads it needs). */
    struct ame__job *job = ame__pool_job;
    if (!job || me >= job->workers)
      continue;
    pthread_mutex_unlock(&ame__pool_lock);
    job->run(job, me);
    pthread_mutex_lock(&ame__pool_lock);
    if (--ame__pool_running == 0)
      pthread_cond_signal(&ame__pool_done);
  }
  return NULL;
}

/* Threads that run jobs get only the signals the program cannot take
 * elsewhere, the faults of their own code: asynchronous ones go to the
 * program's threads, which expect them. With the pool lock held. */
static int ame__pool_spawn(unsigned me) {
  static const int faults[] = {SIGSEGV, SIGBUS,  SIGFPE,
                               SIGILL,  SIGTRAP, SIGSYS};
  sigset_t all, saved;
  sigfillset(&all);
  for (size_t i = 0; i < sizeof faults / sizeof *faults; i++)
    sigdelset(&all, faults[i]);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  ame__pool_born[me] = ame__pool_gen;
  int r = pthread_create(&t, &attr, ame__pool_thread, (void *)(uintptr_t)me);
  pthread_attr_destroy(&attr);
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  return r;
}

static unsigned ame__workers_default(void) {
  if (ame__flags.workers > 0)
    return ame__flags.workers > AME__POOL_MAX ? AME__POOL_MAX
                                              : (unsigned)ame__flags.workers;
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > AME__POOL_MAX ? AME__POOL_MAX : (unsigned)n;
}

AME__EXPORT void ame_set_workers(unsigned n) {
  __atomic_store_n(&ame__workers_set, n > AME__POOL_MAX ? AME__POOL_MAX : n,
                   __ATOMIC_RELAXED);
}

AME__EXPORT unsigned ame_workers(void) {
  ame__init();
  unsigned n = __atomic_load_n(&ame__workers_set, __ATOMIC_RELAXED);
  return n ? n : ame__workers_default();
}

void ame__pool_run(struct ame__job *job) {
  pthread_once(&ame__pool_once, ame__pool_init);
  unsigned n = ame_workers();
  if (n <= 1 || pthread_mutex_trylock(&ame__pool_busy) != 0) {
    job->workers = 1;
    job->run(job, 0);
    return;
  }
  pthread_mutex_lock(&ame__pool_lock);
  while (ame__pool_threads + 1 < n) {
    if (ame__pool_spawn(ame__pool_threads + 1) != 0)
      break; /* fewer threads: slower, still correct */
    ame__pool_threads++;
  }
  if (n > ame__pool_threads + 1)
    n = ame__pool_threads + 1;
  job->workers = n;
  ame__pool_job = job;
  ame__pool_running = n - 1;
  ame__pool_gen++;
  pthread_cond_broadcast(&ame__pool_start);
  pthread_mutex_unlock(&ame__pool_lock);
  job->run(job, 0);
  pthread_mutex_lock(&ame__pool_lock);
  while (ame__pool_running)
    pthread_cond_wait(&ame__pool_done, &ame__pool_lock);
  ame__pool_job = NULL;
  pthread_mutex_unlock(&ame__pool_lock);
  pthread_mutex_unlock(&ame__pool_busy);
}
