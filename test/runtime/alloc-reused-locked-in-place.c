// A block handed out again from the thread's cache of reclaimed blocks is
// locked in place for the attempt like a new one (its lines carry the
// attempt's in-place sentinel, stores go straight to memory), released with
// the commit's version, and the read marks earlier readers left on its lines
// do not make the commit wait for write-backs (those readers have ended).
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include "internal.h"

#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

static uint64_t *shared; // published block
static uint64_t other;

static uint32_t publish(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  uint64_t *p = __ame_malloc(tx, 128);
  __ame_store_8(tx, &p[0], 1, NULL);
  __ame_store_8(tx, (uint64_t *)&shared, (uint64_t)p, NULL);
  return 0;
}

// A writer that reads both lines of the block: its commit marks them.
static uint32_t read_then_write(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  uint64_t *p = (uint64_t *)__ame_load_8(tx, (uint64_t *)&shared, NULL);
  uint64_t v = __ame_load_8(tx, &p[0], NULL) + __ame_load_8(tx, &p[8], NULL);
  __ame_store_8(tx, &other, v, NULL);
  return 0;
}

static uint32_t unpublish(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  uint64_t *p = (uint64_t *)__ame_load_8(tx, (uint64_t *)&shared, NULL);
  __ame_store_8(tx, (uint64_t *)&shared, 0, NULL);
  __ame_free(tx, p);
  return 0;
}

static uint64_t *reused;

static uint32_t reuse(struct __ame_tx *tx, void *ctx) {
  uint64_t *old = ctx;
  uint32_t extras = tx->extras & AME__X_MARKED;
  uint64_t *p = __ame_malloc(tx, 100);
  printf("same block: %d\n", p == old);
  printf("lines in place: %d %d\n", *ame__meta(p) == tx->inplace_word,
         *ame__meta(p + 8) == tx->inplace_word);
  printf("marks noted: %d\n", (tx->extras & AME__X_MARKED) != extras);
  __ame_store_8(tx, &p[9], 42, NULL);
  printf("stored in place: %llu, write log %zu\n", (unsigned long long)p[9],
         tx->wcount);
  reused = p;
  return 0;
}

// A reclaimed block is sorted for reuse after 8 more reclamations (alloc.c):
// blocks of another size are allocated and freed to push it through.
static void *others[8];

static uint32_t alloc_others(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (int i = 0; i < 8; i++)
    others[i] = __ame_malloc(tx, 512);
  return 0;
}

static uint32_t free_other(struct __ame_tx *tx, void *ctx) {
  __ame_free(tx, *(void **)ctx);
  return 0;
}

static uint32_t nothing(struct __ame_tx *tx, void *ctx) {
  (void)tx;
  (void)ctx;
  return 0;
}

// Another thread has used AME (and exited): commits mark the lines they
// read again, which they skip while one thread ever has (commit.c), and a
// commit that frees still reclaims at once (one live thread).
static void *other_thread(void *arg) {
  (void)arg;
  __ame_run(NULL, (void *)nothing, NULL);
  return NULL;
}

int main(void) {
  __ame_run(NULL, (void *)nothing, NULL); // the first thread to use AME
  pthread_t t;
  pthread_create(&t, NULL, other_thread, NULL);
  pthread_join(t, NULL);
  __ame_run(NULL, (void *)publish, NULL);
  uint64_t *p = shared;
  __ame_run(NULL, (void *)read_then_write, NULL);
  // CHECK: read marks: 1 1
  printf("read marks: %d %d\n", (*ame__meta(p) & AME__READ_MARK) != 0,
         (*ame__meta(p + 8) & AME__READ_MARK) != 0);
  __ame_run(NULL, (void *)alloc_others, NULL);
  __ame_run(NULL, (void *)unpublish, NULL); // alone: reclaimed at commit
  for (int i = 0; i < 8; i++)
    __ame_run(NULL, (void *)free_other, &others[i]);
  __ame_run(NULL, (void *)reuse, p);
  // CHECK-NEXT: same block: 1
  // CHECK-NEXT: lines in place: 1 1
  // CHECK-NEXT: marks noted: 0
  // CHECK-NEXT: stored in place: 42, write log 0
  // CHECK-NEXT: released: 1 1
  printf("released: %d %d\n", !(*ame__meta(reused) & 1),
         !(*ame__meta(reused + 8) & 1));
  return 0;
}
