// With 5000 short-lived threads each running one block, the statistics keep no record per exited thread (the heap does not grow with them), descriptors are recycled, the totals count every block, and ame_stats_print lists only the 8 busiest threads.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t 2 text | FileCheck %s
// RUN: %t 4 text | FileCheck %s
// RUN: %t 2 json | FileCheck %s --check-prefix=JSON
// RUN: %t 4 json | tail -n 1 | %python -c "import json,sys; d=json.load(sys.stdin); t=d['threads']; assert len(t) == 8 and t[0]['thread'] == 1 and t[0]['commits'] == 100 and d['commits'] == 5100 and d['threads_used'] == 5001 and d['threads_exited'] == 5000, d"
// CHECK: heap growth over the last 4000 threads: bounded
// CHECK-NEXT: descriptors: bounded
// CHECK-NEXT: ame statistics
// CHECK-NEXT: commits 5100
// CHECK: threads 5001 (5000 exited)
// CHECK-NEXT: thread commits read-only inevitable aborts
// CHECK-NEXT: 1 100 0 0 0
// Threads alive together write the same line: a block may abort (and run
// inevitably) before it commits, which makes its thread one of the busiest.
// CHECK-COUNT-7: {{^ *[0-9]+ +1 +0 +[01] +[0-9]+$}}
// CHECK-NEXT: (4993 less busy threads not listed)
// CHECK-NOT: {{.}}
// JSON: heap growth over the last 4000 threads: bounded
// JSON-NEXT: descriptors: bounded
// JSON-NEXT: {"commits":5100,{{.*}},"threads_used":5001,"threads_exited":5000,"threads":[{"thread":1,"commits":100,
#include <ame.h>
#include <ame/abi.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

enum { THREADS = 5000, WARMUP = 1000 };

static _Alignas(64) uint64_t x;

static uint32_t writer(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &x, __ame_load_8(tx, &x, NULL) + 1, NULL);
  return 0;
}

static void *one_block(void *arg) {
  (void)arg;
  __ame_run(NULL, (void *)writer, NULL);
  return NULL;
}

/* Heap in use, including blocks malloc mapped on their own. */
static size_t heap_in_use(void) {
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

/* Starts THREADS threads, at most `at_once` alive together; returns the
 * heap in use after WARMUP of them and after all. */
static void run_threads(int at_once, size_t *warm, size_t *end) {
  pthread_t t[8];
  for (int started = 0; started < THREADS;) {
    int k = 0;
    for (; k < at_once && started < THREADS; k++, started++)
      pthread_create(&t[k], NULL, one_block, NULL);
    for (int i = 0; i < k; i++)
      pthread_join(t[i], NULL);
    if (started == WARMUP)
      *warm = heap_in_use();
  }
  *end = heap_in_use();
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  int at_once = atoi(argv[1]);
  for (int i = 0; i < 100; i++)
    __ame_run(NULL, (void *)writer, NULL);
  size_t warm = 0, end = 0;
  run_threads(at_once, &warm, &end);
  /* A record per thread would add at least 4000 * 128 bytes. */
  printf("heap growth over the last %d threads: %s\n", THREADS - WARMUP,
         end < warm + 64 * 1024 ? "bounded" : "GROWS");
  size_t descriptors = 0;
  for (struct __ame_tx *o = ame__all_txs(); o; o = o->next_all)
    descriptors++;
  printf("descriptors: %s\n",
         descriptors <= (size_t)at_once + 1 ? "bounded" : "GROW");
  fflush(stdout);
  return ame_stats_print(1, !strcmp(argv[2], "json")) != 0;
}
