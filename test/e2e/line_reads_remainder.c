// The scalar remainder of a vectorized loop reads the copy of the line its vector loop took (docs/pass.md, "Lines a loop walks"), and the entry that skips the vector loop forgets that line: a block walks the first 19 words of a line-aligned array (the vector loop, then a remainder that leaves the third line in the buffer), writes a word of that line, and walks 2 words from there, too few for the vector loop, so only the remainder runs; it must see the write. Then the same walk under transfers on other threads: every walk of a block sees one state. The IR check looks at the per-load form (-ame-line-reads-group=false), with crossings through their barrier (-ame-line-reads-across=false); the vector loop testing its line once per iteration, with the remainder joining its buffer, is checked in test/pass/line-reads-remainder.ll, and runs here.
// RUN: %ame_cc -O2 -mllvm -ame-inline-fastpath=false -mllvm -ame-line-reads-group=false -mllvm -ame-line-reads-across=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 2 | FileCheck %s
// CHECK: own write seen: 19 1002
// CHECK-NEXT: invariant walks: yes
#include <ame.h>

#include <stdint.h>
#include <stdio.h>

#include "Inputs/threads.h"

enum { N = 1024, ITERS = 20000 };

static _Alignas(64) long acct[N];
static _Alignas(64) long words[N];
static long table[16];
// Set at run time: the loops stay loops with these trip counts.
static long starts[2] = {0, 16}, lens[2] = {19, 2};
static int rounds;

// IR-LABEL: define internal {{.*}}@walks.ame.tx(
// IR: [[BUF:%[0-9]+]] = alloca [128 x i8], align 64
// IR-NOT: alloca [64 x i8]
// IR: call void @__ame_load_bytes(ptr %{{[0-9]+}}, ptr [[BUF]], ptr %{{[0-9]+}}, i64 64,
// IR: load <{{[0-9]+}} x i64>, ptr
// IR: call void @__ame_load_bytes(ptr %{{[0-9]+}}, ptr [[BUF]], ptr %{{[0-9]+}}, i64 64,
// IR: load <{{[0-9]+}} x i64>, ptr
// IR: call void @__ame_load_bytes(ptr %{{[0-9]+}}, ptr [[BUF]], ptr %{{[0-9]+}}, i64 64,
// IR: [[IN:%[0-9]+]] = getelementptr inbounds i8, ptr [[BUF]], i64
// IR-NEXT: load i64, ptr [[IN]]
// IR: ret
// Each round walks p[starts[r]] .. p[starts[r] + lens[r] - 1], then adds
// 1000 to the word after the first one of the third line.
__attribute__((noinline)) static long walks(long *p, long *out) {
  long s = 0;
  for (int r = 0; r < rounds; r++) {
    long *q = p + starts[r];
    long t = 0;
    for (long i = 0; i < lens[r]; i++)
      t += q[i];
    out[r] = t;
    s += t;
    p[17] += 1000;
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
      long from = (long)(rng >> 33) % 19, to = (long)(rng >> 13) % 19;
      ame_atomic {
        acct[from] -= 3;
        acct[to] += 3;
      }
    } else {
      long off;
      ame_atomic {
        // The 19 words cut in two at every point: a walk of 4 words or more
        // runs the vector loop and the remainder, a shorter one only the
        // remainder.
        long t = 0;
        for (long m = 1; m < lens[0]; m++) {
          for (long i = 0; i < m; i++)
            t += acct[i];
          for (long i = m; i < lens[0]; i++)
            t += acct[i];
        }
        off = t - 1000L * 19 * 18;
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
  for (int i = 0; i < N; i++)
    words[i] = 1;
  rounds = argc + 0; // 2
  long out[2];
  ame_atomic { walks(words, out); }
  printf("own write seen: %ld %ld\n", out[0], out[1]);

  for (int i = 0; i < N; i++)
    acct[i] = 1000;
  long bad = e2e_run(n, work);
  printf("invariant walks: %s\n", bad ? "no" : "yes");
  return 0;
}
