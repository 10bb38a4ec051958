// Built for AVX2, the vectorizer turns a loop's conditional loads and stores
// into masked vector loads and stores (llvm.masked.load and .store); inside
// atomic blocks they run one lane at a time, each lane instrumented like any
// other access, so the blocks keep running side by side (no serial mode) and
// stay atomic: workers move amounts between two shared rows under a shared
// row of flags (masked stores where the flag is set), while others check
// inside blocks that each column still sums to its initial total. AVX
// intrinsics with a mask (_mm256_maskload_epi32 / _mm256_maskstore_epi32)
// count the flags, leaving the last lanes out. Lanes left out must be
// neither read nor written, and no block may have run in serial mode.
// REQUIRES: avx2
// RUN: %ame_cc -O2 -mavx2 -Rpass-analysis=ame %s -o %t 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %t 2 | FileCheck %s
// RUN: env AME_RETRY_LIMIT=0 %t 2 | FileCheck %s
// CHECK: columns kept their totals: yes
// CHECK-NEXT: flags counted: 995 of 995
// CHECK-NEXT: lanes left out untouched: yes
// CHECK-NEXT: serial commits: 0
#include <ame.h>

#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>

#include "Inputs/threads.h"

enum { N = 1000, ITERS = 3000, TOTAL = 7 };

static int32_t from[N], to[N], flag[N], counted[N];

// Where flag[i] is set, moves amount from from[i] to to[i]: the vectorizer
// loads from[] and to[] and stores them under the flags' mask.
__attribute__((noinline)) static void move(int32_t amount) {
  for (int i = 0; i < N; i++)
    if (flag[i]) {
      // REMARK-DAG: masked_vector_accesses.c:[[#@LINE+1]]:{{.*}}masked vector store runs as a store of each lane its mask selects
      from[i] -= amount;
      to[i] += amount;
    }
}

// Whether every column still sums to TOTAL.
__attribute__((noinline)) static int columns_ok(void) {
  int bad = 0;
  for (int i = 0; i < N; i++)
    bad |= from[i] + to[i] != TOTAL;
  return !bad;
}

// The flags set among the first m, with AVX's own masked load and store
// (the mask: lanes whose sign bit is set), 8 at a time: the last group's
// lanes past m, whose flags are set too, must read as 0 and keep out[].
__attribute__((noinline)) static int count_flags(int32_t *out, int m) {
  int n = 0;
  for (int i = 0; i < m; i += 8) {
    __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(m - i), lanes);
    // REMARK-DAG: masked_vector_accesses.c:[[#@LINE+1]]:{{.*}}masked vector load runs as a load of each lane its mask selects
    __m256i f = _mm256_maskload_epi32(&flag[i], mask);
    __m256i on = _mm256_sub_epi32(_mm256_setzero_si256(), f); // -1 where set
    // REMARK-DAG: masked_vector_accesses.c:[[#@LINE+1]]:{{.*}}masked vector store runs as a store of each lane its mask selects
    _mm256_maskstore_epi32(&out[i], mask, on);
    n -= _mm256_extract_epi32(_mm256_hadd_epi32(_mm256_hadd_epi32(on, on),
                                                 _mm256_hadd_epi32(on, on)), 0) +
         _mm256_extract_epi32(_mm256_hadd_epi32(_mm256_hadd_epi32(on, on),
                                                 _mm256_hadd_epi32(on, on)), 4);
  }
  return n;
}

static void *work(void *arg) {
  long id = (long)arg, bad = 0;
  pthread_barrier_wait(&start_line);
  for (int k = 1; k <= ITERS; k++) {
    if (id == 0) {
      ame_atomic { move(k % 2 ? 1 : -1); }
    } else {
      int ok;
      ame_atomic { ok = columns_ok(); }
      bad += !ok;
    }
  }
  return (void *)bad;
}

int main(int argc, char **argv) {
  int threads = e2e_threads(argc, argv);
  if (!threads)
    return 2;
  for (int i = 0; i < N; i++) {
    from[i] = TOTAL - i % 3;
    to[i] = i % 3;
    flag[i] = 1;
    counted[i] = 7;
  }
  long bad = e2e_run(threads, work);
  int ok = !bad && columns_ok();
  printf("columns kept their totals: %s\n", ok ? "yes" : "no");
  int n, m = N - 5;
  ame_atomic { n = count_flags(counted, m); }
  printf("flags counted: %d of %d\n", n, m);
  int kept = 1;
  for (int i = 0; i < N; i++)
    kept &= counted[i] == (i < m ? -1 : 7);
  printf("lanes left out untouched: %s\n", kept ? "yes" : "no");
  struct ame_stats s;
  ame_stats_total(&s);
  printf("serial commits: %llu\n", (unsigned long long)s.serial_commits);
  return 0;
}
