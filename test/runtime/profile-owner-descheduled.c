// A writer that the scheduler stops while it names itself as a line's next
// owner hides nothing: a block reads x, another thread commits a write to x
// (site FIRST) and then stops halfway through naming itself for its next
// write of x (site SECOND), and the block's commit fails validation
// meanwhile. The abort record names the committed write, FIRST, of thread 2
// as the other side; with one copy of the name per line, half written, the
// profiler had to call it unknown (ame-report's "other (unknown)", which on
// a busy machine ranked above the real pair: it is the costliest abort).
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: rm -f %t.prof && env AME_PROFILE=%t.prof %t | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --input-file=%t.prof
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

#include "ame_testing.h"

static const struct __ame_site region = {"owner.c", "main", 20, 3, NULL, 0};
static const struct __ame_site read_x = {"owner.c", "body", 21, 9, "global x",
                                         AME_SITE_READ};
static const struct __ame_site first = {"owner.c", "first", 30, 5, "global x",
                                        AME_SITE_WRITE};
static const struct __ame_site second = {"owner.c", "second", 40, 5,
                                         "global x", AME_SITE_WRITE};

static _Alignas(64) uint64_t x;
static sem_t paused, resume;
static _Thread_local int stop_in_naming;
static int attempts;

/* Runs inside the naming: only the writer's second block stops there. */
static void stop_writer(void) {
  if (!stop_in_naming)
    return;
  stop_in_naming = 0;
  sem_post(&paused);
  sem_wait(&resume);
}

static uint32_t bump_first(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &x, __ame_load_8(tx, &x, &first) + 1, &first);
  return 0;
}
static uint32_t bump_second(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &x, __ame_load_8(tx, &x, &second) + 1, &second);
  return 0;
}
static void *writer(void *arg) {
  (void)arg;
  __ame_run((void *)&region, (void *)bump_first, NULL);
  stop_in_naming = 1;
  __ame_run((void *)&region, (void *)bump_second, NULL);
  return NULL;
}

static pthread_t writer_thread;

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  /* The retry: let the writer go on (it may hold x, had it taken the line
   * before naming itself). */
  if (attempts == 1)
    sem_post(&resume);
  uint64_t v = __ame_load_8(tx, &x, (void *)&read_x);
  if (attempts++ == 0) {
    pthread_create(&writer_thread, NULL, writer, NULL);
    sem_wait(&paused); /* first committed, second stopped while naming */
  }
  __ame_store_8(tx, (uint64_t *)ctx, v, NULL);
  return 0;
}

int main(void) {
  sem_init(&paused, 0, 0);
  sem_init(&resume, 0, 0);
  ame_testing_owner_naming_hook(stop_writer);
  uint64_t seen;
  __ame_run((void *)&region, (void *)body, &seen);
  pthread_join(writer_thread, NULL);
  printf("retried %s, x %llu\n", attempts > 1 ? "yes" : "no",
         (unsigned long long)x);
  return 0;
}
// OUT: retried yes, x 2
// CHECK: ame-profile 1
// CHECK: abort {{[0-9]+}} 1 read-changed [[REGION:[0-9]+]] [[READ:[0-9]+]] [[FIRST:[0-9]+]] 2 0x{{[0-9a-f]+}} {{[0-9]+}} 1 1{{$}}
// CHECK-DAG: site [[READ]] read owner.c 21 9 body global x
// CHECK-DAG: site [[FIRST]] write owner.c 30 5 first global x
