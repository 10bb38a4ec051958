// No capacity limit: one transaction writes 100 MB, reads 10^8 words, commits.
//
// A single transaction over a 12.5M-word (100 MB) array: three read passes over
// unwritten memory, one pass rewriting every word (a[i] = 3 * a[i] + 1), then
// four read passes over its own writes: 10^8 reads and 12.5M writes in all.
// There is no capacity limit, so it must commit in one attempt (nothing else
// runs), every sum must be right, and memory must hold the new values
// afterwards.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: long transaction: 100000000 reads, 12500000 writes, 1 attempt

#include "Inputs/stress.h"

enum { N = 12500000, READS_BEFORE = 3, READS_AFTER = 4 };

static uint64_t *arr;

struct job {
  int attempts;
  uint64_t reads;
  uint64_t sum_before[READS_BEFORE], sum_after[READS_AFTER];
};

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  ++j->attempts;
  j->reads = 0;
  for (int p = 0; p < READS_BEFORE; ++p) {
    uint64_t s = 0;
    for (uint64_t i = 0; i < N; ++i)
      s += LD(tx, &arr[i]);
    j->sum_before[p] = s;
    j->reads += N;
  }
  for (uint64_t i = 0; i < N; ++i)
    ST(tx, &arr[i], 3 * LD(tx, &arr[i]) + 1);
  j->reads += N;
  for (int p = 0; p < READS_AFTER; ++p) {
    uint64_t s = 0;
    for (uint64_t i = 0; i < N; ++i)
      s += LD(tx, &arr[i]);
    j->sum_after[p] = s;
    j->reads += N;
  }
  return 0;
}

int main(void) {
  arr = malloc(sizeof(uint64_t) * N);
  STRESS_CHECK(arr, "out of memory");
  for (uint64_t i = 0; i < N; ++i)
    arr[i] = i;
  const uint64_t before = (uint64_t)N * (N - 1) / 2, after = 3 * before + N;

  struct job j = {0};
  double t0 = stress_now();
  STRESS_RUN(body, &j);
  double t1 = stress_now();

  for (int p = 0; p < READS_BEFORE; ++p)
    STRESS_CHECK(
        j.sum_before[p] == before, "read pass %d summed %llu, expected %llu", p,
        (unsigned long long)j.sum_before[p], (unsigned long long)before);
  for (int p = 0; p < READS_AFTER; ++p)
    STRESS_CHECK(j.sum_after[p] == after,
                 "read pass %d over own writes summed %llu, expected %llu", p,
                 (unsigned long long)j.sum_after[p], (unsigned long long)after);
  for (uint64_t i = 0; i < N; ++i)
    STRESS_CHECK(arr[i] == 3 * i + 1,
                 "after commit a[%llu] = %llu, expected %llu",
                 (unsigned long long)i, (unsigned long long)arr[i],
                 (unsigned long long)(3 * i + 1));
  struct ame_stats s;
  ame_stats_thread(&s);
  STRESS_CHECK(j.attempts == 1 && s.max_attempts == 1,
               "a lone transaction took %d attempts (stats: %llu)", j.attempts,
               (unsigned long long)s.max_attempts);
  printf("%.2f s; %.1f ns per access; read log %llu entries, write log %llu "
         "lines\n",
         t1 - t0, (t1 - t0) * 1e9 / (double)(j.reads + N),
         (unsigned long long)s.max_read_log,
         (unsigned long long)s.max_write_log);
  printf("long transaction: %llu reads, %d writes, %d attempt\n",
         (unsigned long long)j.reads, N, j.attempts);
  return 0;
}
