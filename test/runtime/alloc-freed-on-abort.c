// Memory allocated by an aborted attempt (malloc, calloc, realloc, aligned_alloc, posix_memalign) is freed; the committed attempt's memory is kept.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "Inputs/doom.h"

// Count frees of the blocks the transaction allocated, through the real
// allocator underneath.
void __libc_free(void *);
static void *blocks[2][8];
static int freed[2][8];
void free(void *p) {
  for (int a = 0; a < 2; a++)
    for (int i = 0; i < 8; i++)
      if (p && blocks[a][i] == p)
        freed[a][i]++;
  __libc_free(p);
}

static _Alignas(64) void *slot; // shared: posix_memalign writes it
static int attempt;

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  int a = attempt++;
  __ame_load_8(tx, &x, NULL);
  void **b = blocks[a];
  b[0] = __ame_malloc(tx, 40);
  b[1] = __ame_calloc(tx, 10, 10);
  b[2] = __ame_malloc(tx, 16);
  b[3] = __ame_realloc(tx, b[2], 1000); // b[2] freed at once: own block
  b[4] = __ame_aligned_alloc(tx, 256, 300);
  printf("attempt %d: posix_memalign %u\n", a,
         __ame_posix_memalign(tx, &slot, 128, 50));
  b[5] = __ame_load_8(tx, &slot, NULL) ? (void *)__ame_load_8(tx, &slot, NULL) : NULL;
  // Allocated memory is written in place, readable through the barriers.
  __ame_store_8(tx, b[0], 7, NULL);
  __ame_memset(tx, b[3], 1, 1000, NULL);
  printf("attempt %d: calloc zero %d, own read %llu, aligned %d %d\n", a,
         ((char *)b[1])[99] == 0, (unsigned long long)__ame_load_8(tx, b[0], NULL),
         ((uintptr_t)b[4] & 255) == 0, ((uintptr_t)b[5] & 127) == 0);
  if (a == 0) {
    doom_reader_of_x();
  }
  return 0;
}

int main(void) {
  __ame_run(NULL, (void *)body, NULL);
  for (int a = 0; a < 2; a++) {
    printf("attempt %d freed:", a);
    for (int i = 0; i < 6; i++)
      printf(" %d", freed[a][i]);
    printf("\n");
  }
  printf("slot is attempt 1's block: %d\n", slot == blocks[1][5]);
  struct ame_stats s;
  ame_stats_thread(&s);
  printf("max alloc bytes %llu\n", (unsigned long long)s.max_alloc_bytes);
  for (int i = 0; i < 6; i++)
    if (i != 2)
      free(blocks[1][i]);
  return 0;
}
// CHECK: attempt 0: posix_memalign 0
// CHECK: attempt 0: calloc zero 1, own read 7, aligned 1 1
// CHECK: attempt 1: posix_memalign 0
// CHECK: attempt 1: calloc zero 1, own read 7, aligned 1 1
// CHECK: attempt 0 freed: 1 1 1 1 1 1
// CHECK: attempt 1 freed: 0 0 1 0 0 0
// CHECK: slot is attempt 1's block: 1
// 64 + 128 + 64 (freed, still counted) + 1024 + 320 + 64
// CHECK: max alloc bytes 1664
