// Loops that write shared memory write the write log's buffer of each line
// (docs/pass.md, "Lines a loop writes") and still commit exactly what they
// stored: blocks on 2 threads rewrite a shared row of words while others
// check that it holds one block's values; a block writing the middle words
// of lines leaves the other words as they were, and a loop that stops in
// the middle of a line writes only up to there; a block reads back, after
// the loop, what the loop wrote; a line the block wrote through a barrier
// before the loop keeps that write; a block the transaction allocated is
// written in place. Again with every block inevitable (AME_RETRY_LIMIT=0),
// which writes lines in place, and profiled (the runtime's general path).
// RUN: %ame_cc -O2 -Rpass-analysis=ame %s -o %t 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %t 2 | FileCheck %s
// RUN: env AME_RETRY_LIMIT=0 %t 2 | FileCheck %s
// RUN: env AME_PROFILE=%t.prof %t 2 | FileCheck %s
// REMARK-DAG: line_writes_consistent.c:[[#@LINE+25]]:{{.*}}store of a loop writes the write log's buffer of its line
// REMARK-DAG: line_writes_consistent.c:[[#@LINE+35]]:{{.*}}store of a loop writes the write log's buffer of its line
// CHECK: rows of one block: yes
// CHECK-NEXT: middle words: 2 100 101 102 103 7 ok
// CHECK-NEXT: stopped at 11: 100 110 5 5
// CHECK-NEXT: read back: 103
// CHECK-NEXT: written before the loop: 42 201 202
// CHECK-NEXT: allocated: 300 363
#include <ame.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "Inputs/threads.h"

enum { ROW = 64, ITERS = 20000 };

static _Alignas(64) long row[ROW];
static _Alignas(64) long words[32];
static long *published;

// Vectorized: its vector stores write through line buffers.
__attribute__((noinline)) static void fill(long *p, long n, long base) {
  for (long i = 0; i < n; i++)
    p[i] = base + i;
}

// Not vectorized: its scalar stores do.
__attribute__((noinline)) static long fill_until(long *p, long n, long base,
                                                 long stop) {
  long i;
#pragma clang loop vectorize(disable) unroll(disable)
  for (i = 0; i < n; i++) {
    if (i == stop)
      break;
    p[i] = base + i;
  }
  return i;
}

static void *work(void *arg) {
  long id = (long)arg, bad = 0;
  pthread_barrier_wait(&start_line);
  for (long k = 1; k <= ITERS; k++) {
    if (id == 0 && k % 2) {
      ame_atomic { fill(row, ROW, k * 1000); }
    } else {
      long first = 0, off = 0;
      ame_atomic {
        first = row[0];
        off = 0;
        for (int i = 1; i < ROW; i++)
          off |= row[i] - first - i;
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
  for (int i = 0; i < ROW; i++)
    row[i] = i;
  long bad = e2e_run(n, work);
  printf("rows of one block: %s\n", bad ? "no" : "yes");

  for (int i = 0; i < 32; i++)
    words[i] = 7;
  words[1] = 2;
  ame_atomic { fill(words + 2, 4, 100); }
  int ok = 1;
  for (int i = 6; i < 32; i++)
    ok &= words[i] == 7;
  printf("middle words: %ld %ld %ld %ld %ld %ld %s\n", words[1], words[2],
         words[3], words[4], words[5], words[6], ok ? "ok" : "changed");

  long at;
  for (int i = 0; i < 32; i++)
    words[i] = 5;
  ame_atomic { at = fill_until(words, 32, 100, argc + 9); }
  printf("stopped at %ld: %ld %ld %ld %ld\n", at, words[0], words[10],
         words[11], words[12]);

  long back;
  ame_atomic {
    fill(words, 8, 100);
    back = words[3];
  }
  printf("read back: %ld\n", back);

  ame_atomic {
    words[16] = 42;
    fill(words + 17, 2, 201);
  }
  printf("written before the loop: %ld %ld %ld\n", words[16], words[17],
         words[18]);

  ame_atomic {
    long *p = malloc(64 * sizeof *p);
    published = p;
    fill(published, 64, 300);
  }
  printf("allocated: %ld %ld\n", published[0], published[63]);
  free(published);
  return 0;
}
