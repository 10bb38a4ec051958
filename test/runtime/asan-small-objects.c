// Under ASan+UBSan: transactions on small heap objects (line copies span red zones), unaligned accesses, aborted attempts' allocations (LeakSanitizer would report them) and retries by longjmp are clean.
// REQUIRES: asan
// RUN: %clang %rt_asan_cflags %s -o %t %rt_asan_lib && %t 2>&1 | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "Inputs/doom.h"

static unsigned char *small;
static void *kept;
static int attempt;

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  char local[40]; // an attempt's own frame, re-created by the retry
  local[0] = (char)attempt;
  __ame_load_8(tx, &x, NULL);
  __ame_store_1(tx, &small[0], 1, NULL);
  __ame_store_2(tx, &small[1], 0x0202, NULL);
  __ame_store_4(tx, &small[3], 0x03030303, NULL);
  __ame_store_8(tx, &small[7], 0x0404040404040404ull, NULL);
  void *p = __ame_malloc(tx, 100);
  p = __ame_realloc(tx, p, 300);
  __ame_free(tx, __ame_calloc(tx, 3, 7));
  __ame_store_8(tx, &kept, (uint64_t)p, NULL);
  if (attempt++ == 0) {
    doom_reader_of_x();
    __ame_load_8(tx, &x, NULL);
  }
  return (uint32_t)local[0];
}

int main(void) {
  small = malloc(15);
  uint32_t r = __ame_run(NULL, (void *)body, NULL);
  printf("returned %u, small %x %x %x, attempts %d\n", r, small[0], small[3],
         small[14], attempt);
  free(small);
  free(kept);
  return 0;
}
// CHECK: returned 1, small 1 3 4, attempts 2
// CHECK-NOT: ERROR
