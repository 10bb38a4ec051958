// Atomic blocks that update shared state through a chain of calls several levels deep, recursion, and calls through function pointers give exact final counts.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: level hits exact
// CHECK-NEXT: buckets exact
// CHECK-NEXT: recursion exact
// CHECK-NEXT: function pointers exact
// CHECK-NEXT: pair invariant held inside 0 violations
// CHECK-NEXT: PASS

#include <ame.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_barrier_t start_line; /* all threads start together */

enum { ITERS = 5000, BUCKETS = 16, LEVELS = 5, MAX_THREADS = 64 };

struct shared {
  long level_hits[LEVELS];
  long bucket[BUCKETS];
  long recursion;
  long via_pointer[3];
  long pair_a, pair_b; /* always equal outside a transaction */
};

static struct shared S;

static void bump(long *counter, long by) { *counter += by; }

static long recurse(int depth) {
  if (depth == 0)
    return 0;
  bump(&S.recursion, 1);
  return 1 + recurse(depth - 1);
}

static void op_add(long k) { S.via_pointer[0] += k; }
static void op_one(long k) {
  (void)k;
  S.via_pointer[1]++;
}
static void op_pair(long k) {
  S.via_pointer[2] += 2;
  S.pair_a += k;
  S.pair_b += k;
}
static void (*const ops[3])(long) = {op_add, op_one, op_pair};

static long level5(long k) {
  bump(&S.level_hits[4], 1);
  S.bucket[k % BUCKETS] += k;
  return S.pair_a - S.pair_b; /* 0 in every consistent state */
}

static void direct_op(long k) {
  if (k % 3 == 0)
    op_add(k);
  else if (k % 3 == 1)
    op_one(k);
  else
    op_pair(k);
}

static long level4(long k) {
  S.level_hits[3]++;
  direct_op(k);
  return level5(k);
}

static long level3(long k) {
  S.level_hits[2]++;
  int depth = (int)(k % 4) + 1;
  return level4(k) + recurse(depth) - depth; /* recurse returns depth */
}

static long level2(long k) {
  bump(&S.level_hits[1], 1);
  return level3(k);
}

static long level1(long k) {
  S.level_hits[0]++;
  return level2(k);
}

static void *work(void *arg) {
  long *violations = arg;
  pthread_barrier_wait(&start_line);
  for (long k = 0; k < ITERS; k++) {
    long skew;
    ame_atomic { skew = level1(k); }
    *violations += skew != 0;
    /* The same operations through a pointer, racing with the direct ones. */
    ame_atomic {
      ops[k % 3](k);
      skew = S.pair_a - S.pair_b;
    }
    *violations += skew != 0;
  }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 4;
  if (threads < 1 || threads > MAX_THREADS)
    return 2;
  pthread_t tid[MAX_THREADS];
  long violations[MAX_THREADS] = {0};
  pthread_barrier_init(&start_line, NULL, (unsigned)threads);
  for (int t = 0; t < threads; t++)
    if (pthread_create(&tid[t], NULL, work, &violations[t]))
      return 2;
  long skew = 0;
  for (int t = 0; t < threads; t++) {
    pthread_join(tid[t], NULL);
    skew += violations[t];
  }

  /* What a serial run of threads * ITERS blocks gives. */
  int levels_ok = 1, buckets_ok = 1, pointers_ok;
  for (int l = 0; l < LEVELS; l++)
    levels_ok &= S.level_hits[l] == (long)threads * ITERS;
  long bucket[BUCKETS] = {0}, rec = 0, ptr[3] = {0}, pair = 0;
  for (long k = 0; k < ITERS; k++) {
    bucket[k % BUCKETS] += k * threads;
    rec += (k % 4 + 1) * threads;
    /* once directly, once through the pointer */
    ptr[k % 3] += 2 * (k % 3 == 0 ? k : k % 3 == 1 ? 1 : 2) * threads;
    pair += k % 3 == 2 ? 2 * k * threads : 0;
  }
  for (int b = 0; b < BUCKETS; b++)
    buckets_ok &= S.bucket[b] == bucket[b];
  pointers_ok = S.via_pointer[0] == ptr[0] && S.via_pointer[1] == ptr[1] &&
                S.via_pointer[2] == ptr[2] && S.pair_a == pair &&
                S.pair_b == pair;

  printf("level hits %s\n", levels_ok ? "exact" : "WRONG");
  printf("buckets %s\n", buckets_ok ? "exact" : "WRONG");
  printf("recursion %s\n", S.recursion == rec ? "exact" : "WRONG");
  printf("function pointers %s\n", pointers_ok ? "exact" : "WRONG");
  printf("pair invariant held inside %ld violations\n", skew);
  int ok = levels_ok && buckets_ok && S.recursion == rec && pointers_ok &&
           skew == 0;
  printf("%s\n", ok ? "PASS" : "FAIL");
  return !ok;
}
