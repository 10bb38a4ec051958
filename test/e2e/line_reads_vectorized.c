// The vector loads of a vectorized loop read copies of their lines, one buffer for the loads of one iteration (docs/pass.md, "Lines a loop walks"), and still see one consistent state: a block on one thread moves amounts between shared accounts while blocks on the others sum them all with the vectorizer's loop and must find the invariant total, at commit and in every attempt (an attempt that saw a torn state would read far outside a small table and crash); a block reads back its own earlier write through a line copy, also one made between two entries of the loop (each entry forgets the buffer's line); 16-byte loads that cross into the next line take their barrier and sum right. The first read after a fill reads the fill's 16-byte pieces whole (<16 x i8>; docs/pass.md, "The first read after a fill takes the fill's pieces whole"), later ones the buffer at their offset.
// RUN: %ame_cc -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 2 | FileCheck %s
// CHECK: invariant audits: yes
// CHECK-NEXT: own write seen: 1031
// CHECK-NEXT: rescans: 36
// CHECK-NEXT: unaligned sum: 524800
#include <ame.h>

#include <stdint.h>
#include <stdio.h>

#include "Inputs/threads.h"

enum { N = 1024, ITERS = 20000 };

static _Alignas(64) long acct[N];
static _Alignas(64) long mine[N];
static _Alignas(64) long shifted[N + 8];
static long table[16];
static int rounds; // 3, set at run time: the loop around the sum stays
static long count;  // N, set at run time: the loops stay loops (not unrolled)

// IR-LABEL: define internal {{.*}}@sum.ame.tx(
// IR: [[BUF:%[0-9]+]] = alloca [128 x i8], align 64
// IR-NOT: alloca [64 x i8]
// IR: call void @__ame_load_bytes(ptr %{{[0-9]+}}, ptr [[BUF]], ptr %{{[0-9]+}}, i64 64,
// IR: [[IN:%[0-9]+]] = getelementptr inbounds i8, ptr [[BUF]], i64
// IR-NEXT: load <{{[0-9]+}} x i{{8|64}}>, ptr [[IN]]
// IR: call void @__ame_load_bytes(ptr %{{[0-9]+}}, ptr [[BUF]], ptr %{{[0-9]+}}, i64 64,
// IR: [[IN2:%[0-9]+]] = getelementptr inbounds i8, ptr [[BUF]], i64
// IR-NEXT: load <{{[0-9]+}} x i{{8|64}}>, ptr [[IN2]]
// IR: ret
__attribute__((noinline)) static long sum(const long *p, long n) {
  long s = 0;
  for (long i = 0; i < n; i++)
    s += p[i];
  return s;
}

// The block writes the array between two entries of the inner loop: each
// entry reads the line again.
__attribute__((noinline)) static long rescan(long *p, long n) {
  long s = 0;
  for (int r = 0; r < rounds; r++) {
    for (long i = 0; i < n; i++)
      s += p[i];
    p[r] = 5;
  }
  return s;
}

static void *work(void *arg) {
  long id = (long)arg, bad = 0;
  uint64_t rng = 0x9E3779B97F4A7C15ULL * (uint64_t)(id + 1);
  pthread_barrier_wait(&start_line);
  for (long k = 0; k < ITERS; k++) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    if (id == 0) {
      long from = (long)(rng >> 33) % N, to = (long)(rng >> 13) % N;
      ame_atomic {
        acct[from] -= 3;
        acct[to] += 3;
      }
    } else {
      long off;
      ame_atomic {
        off = sum(acct, count) - 1000L * N;
        // An attempt that saw a torn state indexes far out of table.
        off += table[(off & 0xff) << 24];
      }
      bad += off != 0;
    }
  }
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
  printf("invariant audits: %s\n", bad ? "no" : "yes");

  for (int i = 0; i < N; i++)
    mine[i] = 1;
  long seen;
  ame_atomic {
    mine[100] = 8;
    seen = sum(mine, count);
  }
  printf("own write seen: %ld\n", seen);
  long again;
  rounds = argc + 1;
  ame_atomic { again = rescan(mine, count / 128); } // one line
  printf("rescans: %ld\n", again);

  // From the second word of a line: every fourth 16-byte load crosses into
  // the next line.
  for (int i = 0; i < N; i++)
    shifted[1 + i] = i + 1;
  long s;
  ame_atomic { s = sum(shifted + 1, count); }
  printf("unaligned sum: %ld\n", s);
  return 0;
}
