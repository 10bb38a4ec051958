// Before code that is neither instrumented nor known I/O, a transaction runs serially: transactions already running finish first, and no other transaction commits until it has committed.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: active transaction finished before the serial section: yes
// CHECK-NEXT: commits by others during the serial section: 0
// CHECK-NEXT: others committed afterwards: yes
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static _Alignas(64) uint64_t mine[8], other[8];
static atomic_int other_inside, stop;
static atomic_ulong other_commits;

static void nap(long ns) {
  struct timespec t = {0, ns};
  nanosleep(&t, NULL);
}

/* A transaction that is already running when the serial one starts: it must
 * be allowed to end (it is not blocked by the serial one). */
static uint32_t long_other_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  atomic_store(&other_inside, 1);
  for (int i = 0; i < 20; i++) {
    __ame_store_8(tx, &other[1], __ame_load_8(tx, &other[1], NULL) + 1, NULL);
    nap(1000000);
  }
  return 0;
}

static uint32_t short_other_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &other[0], __ame_load_8(tx, &other[0], NULL) + 1, NULL);
  return 0;
}

static void *other_thread(void *arg) {
  (void)arg;
  __ame_run(NULL, (void *)long_other_body, NULL);
  while (!atomic_load(&stop)) {
    __ame_run(NULL, (void *)short_other_body, NULL);
    atomic_fetch_add(&other_commits, 1);
  }
  return NULL;
}

static int finished_first;
static unsigned long commits_at_entry, commits_at_exit;

static uint32_t serial_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &mine[0], 1, NULL);
  static const struct __ame_site site = {"file.c", "f", 1, 1,
                                         "closed_library_function"};
  __ame_irrevocable_v2(tx, (void *)&site);
  /* Its commit, not the store after __ame_run returns, is what must have
   * happened: all 20 increments are in memory. */
  finished_first = *(volatile uint64_t *)&other[1] == 20;
  /* Plain reads, as uninstrumented code would do them: the committed count
   * of the other thread's short transactions. */
  commits_at_entry = *(volatile uint64_t *)&other[0];
  nap(50000000); /* the "uninstrumented call" */
  commits_at_exit = *(volatile uint64_t *)&other[0];
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, other_thread, NULL);
  while (!atomic_load(&other_inside))
    nap(100000);
  __ame_run(NULL, (void *)serial_body, NULL);
  printf("active transaction finished before the serial section: %s\n",
         finished_first ? "yes" : "no");
  printf("commits by others during the serial section: %lu\n",
         commits_at_exit - commits_at_entry);
  unsigned long after = atomic_load(&other_commits);
  for (int i = 0; i < 1000 && atomic_load(&other_commits) == after; i++)
    nap(1000000);
  printf("others committed afterwards: %s\n",
         atomic_load(&other_commits) > after ? "yes" : "no");
  atomic_store(&stop, 1);
  pthread_join(t, NULL);
  return !(finished_first && commits_at_exit == commits_at_entry);
}
