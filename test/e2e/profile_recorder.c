// The conflict recorder under contention: four threads fight over one counter
// and a shared array, so records are appended by all threads at once. The
// profile is whole (ame-report reads it: no torn or interleaved record) and
// holds every abort that AME_STATS counts (none lost), whether the program
// returns from main, calls exit() inside an atomic block while the others
// still run blocks, or profiles a part of its run with ame_profile_start/stop
// (whose errors follow errno conventions).
// RUN: %ame_cc -g -O2 %s -o %t
// RUN: env AME_PROFILE=%t.normal AME_STATS=json %t normal 2> %t.normal.stats
// RUN: %ame_report --json %t.normal > %t.normal.json
// RUN: %python %S/Inputs/profile_counts.py %t.normal.json %t.normal.stats | FileCheck %s
// RUN: env AME_PROFILE=%t.exit AME_STATS=json %t exit 2> %t.exit.stats
// RUN: %ame_report --json %t.exit > %t.exit.json
// RUN: %python %S/Inputs/profile_counts.py %t.exit.json %t.exit.stats | FileCheck %s
// RUN: %t api %t.api | FileCheck %s --check-prefix=API
// RUN: %ame_report %t.api | FileCheck %s --check-prefix=REPORT
// CHECK: every abort recorded
// API: start in a missing directory: -1 ENOENT
// API-NEXT: start twice: -1 EBUSY
// API-NEXT: stop: 0
// API-NEXT: stop again: -1 EINVAL
// Every block ran between start and stop (and the file reads back whole).
// REPORT: blocks 80000 commits
#include <ame.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { THREADS = 4, ROUNDS = 20000 };

static long hot;
static long spread[16];
static volatile int stop_now;

static void *worker(void *arg) {
  long id = (long)arg;
  for (long i = 0; i < ROUNDS && !stop_now; i++) {
    ame_atomic {
      /* Read, work, write: the read is found stale at commit. (hot++ alone
       * would take the line at the read and rarely abort.) The work makes
       * blocks long enough that threads sharing a core (a loaded machine)
       * are often switched inside one, which then conflicts too. */
      long v = hot;
      for (long k = 0; k < 64; k++)
        spread[(i + id + k) % 16] += v & 1;
      hot = v + 1;
    }
  }
  return NULL;
}

static const char *err_name(int e) {
  return e == EBUSY ? "EBUSY" : e == ENOENT ? "ENOENT" : e == EINVAL ? "EINVAL"
                                                                      : "?";
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "normal";
  int api = !strcmp(mode, "api");
  if (api) {
    int rc = ame_profile_start("/nonexistent-dir/p");
    printf("start in a missing directory: %d %s\n", rc, err_name(errno));
    if (ame_profile_start(argv[2]))
      return perror("ame_profile_start"), 1;
    rc = ame_profile_start(argv[2]);
    printf("start twice: %d %s\n", rc, err_name(errno));
  }
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  if (!strcmp(mode, "exit")) {
    /* Let the others get going (without taking a core from them), then
     * leave from inside a block while they still run theirs. */
    while (__atomic_load_n(&hot, __ATOMIC_RELAXED) < 2 * ROUNDS)
      usleep(1000);
    ame_atomic {
      hot++;
      fflush(stdout);
      exit(0);
    }
  }
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  if (api) {
    printf("stop: %d\n", ame_profile_stop());
    int rc = ame_profile_stop();
    printf("stop again: %d %s\n", rc, err_name(errno));
  }
  return hot == (long)THREADS * ROUNDS ? 0 : 1;
}
