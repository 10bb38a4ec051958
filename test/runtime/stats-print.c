// ame_stats_print writes the process totals, how many threads used AME, and then the busiest threads' counters (live or exited, busiest first), as text and as one JSON object.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// The JSON line parses, and the threads add up to the total.
// RUN: %t | tail -n 1 | %python -c "import json,sys; d=json.load(sys.stdin); t=d['threads']; assert len(t) == 2 and sum(x['commits'] for x in t) == d['commits'] == 4, d"
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

static _Alignas(64) uint64_t x;

static uint32_t writer(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &x, __ame_load_8(tx, &x, NULL) + 1, NULL);
  return 0;
}
static uint32_t reader(struct __ame_tx *tx, void *ctx) {
  *(uint64_t *)ctx = __ame_load_8(tx, &x, NULL);
  return 0;
}

static void *one_writer(void *arg) {
  (void)arg;
  __ame_run(NULL, (void *)writer, NULL);
  return NULL;
}

int main(void) {
  uint64_t v;
  __ame_run(NULL, (void *)writer, NULL);
  __ame_run(NULL, (void *)writer, NULL);
  __ame_run(NULL, (void *)reader, &v);
  pthread_t t;
  pthread_create(&t, NULL, one_writer, NULL);
  pthread_join(t, NULL);
  fflush(stdout);
  ame_stats_print(1, 0);
  ame_stats_print(1, 1);
  return 0;
}
// CHECK: ame statistics
// CHECK-NEXT: commits 4
// CHECK-NEXT: read-only 1
// CHECK-NEXT: inevitable 0
// CHECK-NEXT: serial 0
// CHECK-NEXT: aborts 0
// CHECK-NEXT: read_conflict 0
// CHECK-NEXT: write_conflict 0
// CHECK-NEXT: validation 0
// CHECK-NEXT: inevitable 0
// CHECK-NEXT: fault 0
// CHECK-NEXT: max attempts 1
// CHECK-NEXT: max read log 1 entries
// CHECK-NEXT: max write log 1 lines
// CHECK-NEXT: max alloc bytes 0
// CHECK-NEXT: threads 2 (1 exited)
// CHECK-NEXT: thread commits read-only inevitable aborts
// CHECK-NEXT: 1 3 1 0 0
// CHECK-NEXT: 2 1 0 0 0
// CHECK-NEXT: {"commits":4,"read_only_commits":1,"inevitable_commits":0,"serial_commits":0,"aborts":{"read_conflict":0,"write_conflict":0,"validation":0,"inevitable":0,"fault":0},"max_attempts":1,"max_read_log":1,"max_write_log":1,"max_alloc_bytes":0,"serial_sites":[],"serial_sites_more":{"sites":0,"commits":0},"threads_used":2,"threads_exited":1,"threads":[{"thread":1,"commits":3,"read_only_commits":1,"inevitable_commits":0,"serial_commits":0,"aborts":{"read_conflict":0,"write_conflict":0,"validation":0,"inevitable":0,"fault":0},"max_attempts":1,"max_read_log":1,"max_write_log":1,"max_alloc_bytes":0},{"thread":2,"commits":1,"read_only_commits":0,{{.*}}}]}
