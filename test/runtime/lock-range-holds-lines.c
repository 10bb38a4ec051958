// After __ame_irrevocable_v2 at an io site, __ame_lock_range and __ame_lock_string lock exactly the lines they cover (a string up to its terminator) until commit: transactions on other threads that read those lines commit only after the holder, while the holder does not run alone.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t 2 | FileCheck %s
// RUN: %t 4 | FileCheck %s
// CHECK: string lines locked: 0 1 2, next line free: yes
// CHECK-NEXT: range lines locked: 4 5, null range ignored: yes
// CHECK-NEXT: readers committed while held: 0
// CHECK-NEXT: others committed while held: yes
// CHECK-NEXT: all lines free after commit: yes
// CHECK-NEXT: readers committed after: yes
#include "internal.h"

#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Alignas(64) char data[8 * 64];
static _Alignas(64) uint64_t other[8];
static atomic_int readers_committed, others_done;
static int readers;

static int locked(int line) { return *ame__meta(&data[line * 64]) & 1; }

static uint32_t reader_body(struct __ame_tx *tx, void *ctx) {
  long i = (long)ctx;
  /* One reader per locked line: 0, 1, 2 (string) and 4, 5 (range). */
  static const int lines[] = {0, 1, 2, 4, 5};
  (void)__ame_load_1(tx, &data[lines[i % 5] * 64 + 20], NULL);
  return 0;
}

static void *reader(void *arg) {
  __ame_run(NULL, (void *)reader_body, arg);
  atomic_fetch_add(&readers_committed, 1);
  return NULL;
}

static uint32_t other_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &other[0], __ame_load_8(tx, &other[0], NULL) + 1, NULL);
  return 0;
}

static void *other_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    __ame_run(NULL, (void *)other_body, NULL);
  atomic_store(&others_done, 1);
  return NULL;
}

static uint32_t holder_body(struct __ame_tx *tx, void *ctx) {
  pthread_t *t = ctx;
  static const struct __ame_site site = {"file.c", "f", 1, 1, "fputs",
                                         AME_SITE_IO};
  __ame_irrevocable_v2(tx, (void *)&site);
  __ame_lock_string(tx, &data[10], NULL);
  printf("string lines locked: %s%s%s, next line free: %s\n",
         locked(0) ? "0 " : "", locked(1) ? "1 " : "", locked(2) ? "2" : "",
         locked(3) ? "no" : "yes");
  __ame_lock_range(tx, &data[4 * 64 + 60], 8, 1, NULL);
  __ame_lock_range(tx, NULL, 8, 1, NULL);
  printf("range lines locked: %s%s, null range ignored: yes\n",
         locked(4) ? "4 " : "", locked(5) ? "5" : "");
  for (long i = 0; i < readers; i++)
    pthread_create(&t[i], NULL, reader, (void *)i);
  pthread_create(&t[readers], NULL, other_thread, NULL);
  /* Not joined here: in serial mode it could not finish before our commit
   * (the check below fails instead of hanging). */
  struct timespec nap = {0, 10 * 1000 * 1000};
  for (int i = 0; i < 500 && !atomic_load(&others_done); i++)
    nanosleep(&nap, NULL);
  nanosleep(&nap, NULL);
  printf("readers committed while held: %d\n", atomic_load(&readers_committed));
  printf("others committed while held: %s\n",
         atomic_load(&others_done) ? "yes" : "no");
  return 0;
}

int main(int argc, char **argv) {
  readers = argc > 1 ? atoi(argv[1]) : 2;
  if (readers < 1 || readers > 16)
    return 2;
  memset(data, 'x', sizeof data);
  data[150] = 0; /* the string [10, 150] covers lines 0, 1 and 2 */
  pthread_t t[17];
  __ame_run(NULL, (void *)holder_body, t);
  int free_after = 1;
  for (int l = 0; l < 8; l++)
    free_after &= !locked(l);
  printf("all lines free after commit: %s\n", free_after ? "yes" : "no");
  for (int i = 0; i <= readers; i++)
    pthread_join(t[i], NULL);
  printf("readers committed after: %s\n",
         atomic_load(&readers_committed) == readers ? "yes" : "no");
  return 0;
}
