// ame_testing.h reports the serialization time: when a writer commits, when a read-only transaction took its final snapshot.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include "ame_testing.h"
#include <ame.h>
#include <ame/abi.h>
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

int main(void) {
  uint64_t v;
  ame_testing_serial_stamps();
  __ame_run(NULL, (void *)writer, NULL);
  uint64_t w1 = ame_testing_last_serial_ts();
  printf("writer: read-only %d\n", ame_testing_last_was_read_only());
  __ame_run(NULL, (void *)writer, NULL);
  uint64_t w2 = ame_testing_last_serial_ts();
  __ame_run(NULL, (void *)reader, &v);
  uint64_t r = ame_testing_last_serial_ts();
  printf("reader: read-only %d, saw %llu\n", ame_testing_last_was_read_only(),
         (unsigned long long)v);
  printf("writers ordered %d, reader after second writer %d\n", w2 > w1,
         r >= w2);
  return 0;
}
// CHECK: writer: read-only 0
// CHECK: reader: read-only 1, saw 2
// CHECK: writers ordered 1, reader after second writer 1
