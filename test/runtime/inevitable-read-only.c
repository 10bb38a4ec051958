// A transaction that runs inevitably and writes nothing is reported as read-only (statistics and ame_testing.h), serialized at its commit timestamp.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: env AME_RETRY_LIMIT=0 %t | FileCheck %s
#include "ame_testing.h"
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

static _Alignas(64) uint64_t x, y;

static uint32_t reader(struct __ame_tx *tx, void *ctx) {
  *(uint64_t *)ctx = __ame_load_8(tx, &x, NULL);
  return 0;
}
static uint32_t writer(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &y, __ame_load_8(tx, &x, NULL) + 1, NULL);
  return 0;
}

int main(void) {
  uint64_t v;
  ame_testing_serial_stamps();
  __ame_run(NULL, (void *)writer, NULL);
  uint64_t w = ame_testing_last_serial_ts();
  printf("writer: read-only %d\n", ame_testing_last_was_read_only());
  __ame_run(NULL, (void *)reader, &v);
  printf("reader: read-only %d, after writer %d\n",
         ame_testing_last_was_read_only(), ame_testing_last_serial_ts() > w);
  struct ame_stats s;
  ame_stats_thread(&s);
  printf("commits %llu, read-only %llu, inevitable %llu, y %llu\n",
         (unsigned long long)s.commits, (unsigned long long)s.read_only_commits,
         (unsigned long long)s.inevitable_commits, (unsigned long long)y);
  return 0;
}
// CHECK: writer: read-only 0
// CHECK-NEXT: reader: read-only 1, after writer 1
// CHECK-NEXT: commits 2, read-only 1, inevitable 2, y 1
