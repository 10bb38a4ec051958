// The loads of one vectorized iteration that share a line copy test its line once and read it together (docs/pass.md, "Lines a loop walks"), and every attempt sees one consistent state, line by line and across lines: a writer thread rewrites whole lines (words 0-3 up by d, words 4-7 down by d, so each line keeps its sum) and moves amounts between lines; readers sum the array with the vectorized loop and count, in memory declared private (kept across aborts), every attempt whose sum is not the invariant total, committed or not. A copy of a line torn by a write-back, or a line read at a version the snapshot does not hold, makes that count nonzero. Groups that cross into the next line (the array starting 16 or 40 bytes into a line) sum right.
// RUN: %ame_cc -O2 -Rpass-analysis=ame -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 2 | FileCheck %s
// REMARK: line_reads_group.c:{{[0-9]+}}:{{[0-9]+}}: remark: 2 loads of one iteration test their line's copy once and read it together
// CHECK: torn attempts: 0
// CHECK-NEXT: torn commits: 0
// CHECK-NEXT: crossing sums: 132352 133888
#include <ame.h>

#include <stdint.h>
#include <stdio.h>

#include "Inputs/threads.h"

enum { LINES = 64, N = LINES * 8, SCANS = 300000 };

static _Alignas(64) long acct[N];
static _Alignas(64) long shifted[N + 16];
static struct {
  _Alignas(64) long torn;
} attempts[64];
static long count; // set at run time: the loop stays a loop (not unrolled)
static int writer_done;
static long scans; // by the readers, while the writer writes

__attribute__((noinline)) static long sum(const long *p, long n) {
  long s = 0;
  for (long i = 0; i < n; i++)
    s += p[i];
  return s;
}

static void *work(void *arg) {
  long id = (long)arg, bad = 0;
  uint64_t rng = 0x9E3779B97F4A7C15ULL * (uint64_t)(id + 1);
  pthread_barrier_wait(&start_line);
  // The writer updates until the readers have summed SCANS times; readers
  // sum until it is done.
  for (long k = 0; id == 0 ? __atomic_load_n(&scans, __ATOMIC_RELAXED) < SCANS
                           : !__atomic_load_n(&writer_done, __ATOMIC_RELAXED);
       k++) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    if (id == 0) {
      long line = (long)(rng >> 33) % LINES, to = (long)(rng >> 13) % N;
      long d = (long)(rng >> 50) + 1;
      ame_atomic {
        for (int w = 0; w < 4; w++) {
          acct[line * 8 + w] += d;
          acct[line * 8 + 4 + w] -= d;
        }
        acct[line * 8 + (k & 7)] -= 7;
        acct[to] += 7;
      }
    } else {
      long off;
      ame_atomic {
        long *torn = ame_private(&attempts[id].torn, sizeof(long));
        off = sum(acct, count) - 1000L * N;
        *torn += off != 0;
      }
      bad += off != 0;
      __atomic_fetch_add(&scans, 1, __ATOMIC_RELAXED);
    }
  }
  if (id == 0)
    __atomic_store_n(&writer_done, 1, __ATOMIC_RELAXED);
  return (void *)bad;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  if (!n)
    return 2;
  count = N;
  for (int i = 0; i < N; i++)
    acct[i] = 1000;
  long bad = e2e_run(n, work);
  long torn = 0;
  for (int i = 0; i < 64; i++)
    torn += attempts[i].torn;
  printf("torn attempts: %ld\n", torn);
  printf("torn commits: %ld\n", bad);

  // 16 and 40 bytes into a line: the 32-byte group of every second
  // iteration crosses into the next line.
  for (int i = 0; i < N + 16; i++)
    shifted[i] = i + 1;
  long s2, s5;
  ame_atomic {
    s2 = sum(shifted + 2, count);
    s5 = sum(shifted + 5, count);
  }
  printf("crossing sums: %ld %ld\n", s2, s5); // 3 + ... + 514, 6 + ... + 517
  return 0;
}
