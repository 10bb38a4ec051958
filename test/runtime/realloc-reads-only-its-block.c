// realloc in a transaction reads only the old block's own lines: the allocator's slack past a block the transaction allocated is not read, so a later allocation of that memory in the same transaction neither waits for its own lock (inevitable) nor fails validation.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t | FileCheck %s
// RUN: env AME_RETRY_LIMIT=0 %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

// A block of whole lines from the program's allocator has a few bytes of
// slack (glibc: 8) in the next line, which belongs to the next chunk. Reading
// them in an inevitable transaction locks that line in place; growing blocks
// again and again then hands that line out to the same transaction.
static uint32_t grow(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  char *blocks[64];
  for (int i = 0; i < 64; i++) {
    char *p = __ame_malloc(tx, 64);
    for (int k = 0; k < 64; k++)
      __ame_store_1(tx, p + k, (uint8_t)(i + k), NULL);
    for (int size = 128; size <= 1024; size *= 2)
      p = __ame_realloc(tx, p, size);
    blocks[i] = p;
  }
  int bad = 0;
  for (int i = 0; i < 64; i++) {
    for (int k = 0; k < 64; k++)
      bad += __ame_load_1(tx, blocks[i] + k, NULL) != (uint8_t)(i + k);
    if (i % 2)
      __ame_free(tx, blocks[i]);
  }
  *(int *)ctx = bad;
  return 0;
}

// Blocks a committed transaction allocated are the program's: realloc copies
// their usable size, slack included, and may lock the slack's line; the
// allocations that follow in the same transaction take that line as theirs.
static char *published[64];
static uint32_t publish(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (int i = 0; i < 64; i++) {
    char *p = __ame_malloc(tx, 64);
    for (int k = 0; k < 64; k++)
      __ame_store_1(tx, p + k, (uint8_t)(i ^ k), NULL);
    __ame_store_8(tx, &published[i], (uint64_t)(uintptr_t)p, NULL);
  }
  return 0;
}
static uint32_t regrow(struct __ame_tx *tx, void *ctx) {
  int bad = 0;
  for (int i = 0; i < 64; i++) {
    char *p = (char *)(uintptr_t)__ame_load_8(tx, &published[i], NULL);
    p = __ame_realloc(tx, p, 256);
    char *fresh = __ame_malloc(tx, 192);
    __ame_store_1(tx, fresh, 1, NULL);
    for (int k = 0; k < 64; k++)
      bad += __ame_load_1(tx, p + k, NULL) != (uint8_t)(i ^ k);
    __ame_free(tx, p);
  }
  *(int *)ctx = bad;
  return 0;
}

int main(void) {
  alarm(20); // a transaction waiting for its own lock would hang here
  for (int round = 0; round < 50; round++) {
    int bad = -1;
    __ame_run(NULL, (void *)grow, &bad);
    if (bad) {
      printf("round %d: %d bytes lost\n", round, bad);
      return 1;
    }
  }
  for (int round = 0; round < 50; round++) {
    int bad = -1;
    __ame_run(NULL, (void *)publish, NULL);
    __ame_run(NULL, (void *)regrow, &bad);
    if (bad) {
      printf("round %d: %d bytes lost after regrow\n", round, bad);
      return 1;
    }
  }
  struct ame_stats s;
  ame_stats_thread(&s);
  // CHECK: commits 150 aborts 0
  printf("commits %llu aborts %llu\n", (unsigned long long)s.commits,
         (unsigned long long)(s.aborts[AME_ABORT_VALIDATION] +
                              s.aborts[AME_ABORT_WRITE_CONFLICT] +
                              s.aborts[AME_ABORT_READ_CONFLICT]));
  return 0;
}
