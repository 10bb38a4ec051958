// The worker pool is created once and reused: AME_WORKERS (or ame_set_workers) sets how many threads run a loop, the caller included, and a hundred loops leave the same threads; a body without a clone still runs every iteration once; a loop inside a block runs its iterations in order, in that block.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: env AME_WORKERS=3 %t | FileCheck %s
//
// CHECK: workers 3
// CHECK-NEXT: threads after 1 loop: 3, after 100 loops: 3
// CHECK-NEXT: every iteration once
// CHECK-NEXT: workers 2 after ame_set_workers(2)
// CHECK-NEXT: nested: 0 1 2 3 4, in a transaction 5 of 5
#include <ame.h>
#include <ame/abi.h>
#include <dirent.h>
#include <stdio.h>

static int hits[1000];

static void body(size_t i, void *ctx) {
  (void)ctx;
  hits[i]++;
}

static int threads(void) {
  int n = 0;
  DIR *d = opendir("/proc/self/task");
  for (struct dirent *e; (e = readdir(d));)
    n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

static int inside;
static void record(size_t i, void *ctx) {
  printf(" %zu", i);
  inside += ame_in_transaction();
  (void)ctx;
}

static uint32_t block(struct __ame_tx *tx, void *ctx) {
  (void)tx;
  (void)ctx;
  ame_parallel_for(0, 5, record, NULL, 0);
  return 0;
}

int main(void) {
  printf("workers %u\n", ame_workers());
  ame_parallel_for(0, 10, body, NULL, 0);
  int first = threads();
  for (int k = 1; k < 100; k++)
    ame_parallel_for(0, 10, body, NULL, k % 2 ? AME_ORDERED : 0);
  printf("threads after 1 loop: %d, after 100 loops: %d\n", first, threads());
  int once = 1;
  for (int i = 0; i < 10; i++)
    once &= hits[i] == 100;
  puts(once ? "every iteration once" : "iterations LOST or REPEATED");
  ame_set_workers(2);
  printf("workers %u after ame_set_workers(2)\n", ame_workers());
  printf("nested:");
  __ame_run(NULL, (void *)block, NULL);
  printf(", in a transaction %d of 5\n", inside);
  return 0;
}
