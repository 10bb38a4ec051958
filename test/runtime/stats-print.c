// ame_stats_print writes the process totals as text and as one JSON object.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

static _Alignas(64) uint64_t x;

static uint32_t writer(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &x, __ame_load_8(tx, &x) + 1);
  return 0;
}
static uint32_t reader(struct __ame_tx *tx, void *ctx) {
  *(uint64_t *)ctx = __ame_load_8(tx, &x);
  return 0;
}

int main(void) {
  uint64_t v;
  __ame_run(NULL, (void *)writer, NULL);
  __ame_run(NULL, (void *)writer, NULL);
  __ame_run(NULL, (void *)reader, &v);
  fflush(stdout);
  ame_stats_print(1, 0);
  ame_stats_print(1, 1);
  return 0;
}
// CHECK: ame statistics
// CHECK-NEXT: commits 3
// CHECK-NEXT: read-only 1
// CHECK-NEXT: inevitable 0
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
// CHECK-NEXT: {"commits":3,"read_only_commits":1,"inevitable_commits":0,"aborts":{"read_conflict":0,"write_conflict":0,"validation":0,"inevitable":0,"fault":0},"max_attempts":1,"max_read_log":1,"max_write_log":1,"max_alloc_bytes":0}
