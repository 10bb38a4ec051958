// A block built in an atomic block at a size known only at run time (a
// buffer filled through a variable index, a memcpy into it) runs without
// barriers once a range check finds each access inside it; the program's
// results are unchanged: at 2 threads every buffer linked into a shared list
// under contention holds what its block wrote, and a block that sums a
// buffer it fills and reuses (the shape of a maze router's private copy)
// gets the sum a plain loop gets, whether the buffer is small enough to
// live on the attempt's stack (BlocksOnStack) or not.
// RUN: %ame_clang -O2 -g -c -o /dev/null -Rpass-analysis='^ame$' -Rpass='^ame$' %s 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_cc -O2 %s -o %t && %t | FileCheck %s
// RUN: %ame_cc -O0 %s -o %t.O0 && %t.O0 | FileCheck %s
// RUN: %ame_cc -O2 -mllvm -ame-skip-own-allocation-ranges=false %s -o %t.off && %t.off | FileCheck %s
#include <ame.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
  long n;
  long *v;
  struct buf *next;
};

static struct buf *head;
static long pushed;
static long source[64];

__attribute__((noinline)) void push(long n, long seed) {
  ame_atomic {
    struct buf *b = malloc(sizeof *b);
    b->n = n;
    b->v = malloc((size_t)n * sizeof *b->v);
    // REMARK: [[@LINE+1]]:5: remark: memory intrinsic writing memory this transaction allocated runs without a barrier when a check finds it inside the block
    memcpy(b->v, source, (size_t)n * sizeof *b->v);
    for (long i = 0; i < n; i++)
      // REMARK: [[@LINE+1]]:15: remark: store to memory this transaction allocated runs without a barrier when a check finds it inside the block
      b->v[i] += seed;
    b->next = head;
    head = b;
    pushed++;
  }
}

// Fills a scratch buffer in a loop, then reads it back at computed places.
__attribute__((noinline)) long scratch_sum(long n) {
  long sum = 0;
  ame_atomic {
    // REMARK: [[@LINE+1]]:15: remark: block allocated and freed in the atomic block lives on its stack when it is at most 16384 bytes: no pointer to it leaves the block
    long *s = malloc((size_t)n * sizeof *s);
    for (long i = 0; i < n; i++)
      s[i] = source[i % 64] * i;
    sum = 0;
    for (long i = 0; i < n; i++)
      sum += s[(i * 7) % n];
    free(s);
  }
  return sum;
}

static void *work(void *arg) {
  long id = (long)arg;
  for (long i = 0; i < 20000; i++)
    push(1 + (i % 64), id * 1000000 + i);
  return NULL;
}

int main(void) {
  for (int i = 0; i < 64; i++)
    source[i] = i * i;
  pthread_t t[2];
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, work, (void *)(i + 1));
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  long count = 0, bad = 0;
  for (struct buf *b = head; b; b = b->next, count++) {
    long seed = b->v[0];
    for (long i = 0; i < b->n; i++)
      bad += b->v[i] != source[i] + seed;
  }
  // CHECK: buffers 40000 of 40000, bad 0
  printf("buffers %ld of %ld, bad %ld\n", count, pushed, bad);
  // 8000 bytes on the stack, 40000 from the heap.
  for (long n = 1000; n <= 5000; n += 4000) {
    long plain = 0;
    for (long i = 0; i < n; i++)
      plain += source[((i * 7) % n) % 64] * ((i * 7) % n);
    // CHECK-NEXT: scratch sum ok
    printf("scratch sum %s\n", scratch_sum(n) == plain ? "ok" : "BAD");
  }
  return 0;
}
