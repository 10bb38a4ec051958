// Loops that walk shared bytes read copies of their lines (docs/pass.md, "Lines a loop walks") and still see one consistent state: blocks on 2 threads rewrite a shared 512-byte row to one value while others scan it byte by byte (each line copied once per entry of the loop) and must find it uniform, at commit and in every attempt (an attempt that saw two values would read far outside a small table and crash); a block reads back its own earlier write through a line copy, also one made between two entries of a loop; 4-byte loads that cross into the next line read both lines and sum right, also when the walk starts with one.
// RUN: %ame_cc -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 2 | FileCheck %s
// CHECK: uniform scans: yes
// CHECK-NEXT: own write seen: 7 sum 518
// CHECK-NEXT: rescans: 204
// CHECK-NEXT: unaligned sum: 130816
// CHECK-NEXT: first load crossing: 1040914798968
#include <ame.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "Inputs/threads.h"

enum { ROW = 512, ITERS = 20000 };

static _Alignas(64) unsigned char row[ROW];
static _Alignas(64) unsigned char mine[ROW];
static _Alignas(64) unsigned char words[4 * ROW + 64];
static long table[16];
static int rounds; // 3, set at run time: the loop around the scan stays

// IR-LABEL: define internal {{.*}}@rescan.ame.tx(
// IR: alloca [128 x i8], align 64
// IR: call void @__ame_load_bytes(ptr %{{.*}}, i64 64,
// IR: ret
// IR-LABEL: define internal {{.*}}@differs_at.ame.tx(
// IR: alloca [128 x i8], align 64
// IR: call void @__ame_load_bytes(ptr %{{.*}}, i64 64,
// IR-NOT: call {{.*}}@__ame_load_1(
// IR: ret
__attribute__((noinline)) static long differs_at(const unsigned char *p,
                                                 long n) {
  for (long i = 1; i < n; i++)
    if (p[i] != p[0])
      // An attempt that saw two values indexes far out of table.
      return i + table[(long)(p[i] ^ p[0]) << 24];
  return 0;
}

__attribute__((noinline)) static long sum_bytes(const unsigned char *p,
                                                long n) {
  long s = 0;
  for (long i = 0; i < n; i++)
    s += p[i];
  return s;
}

// The block writes the row between two entries of the inner loop: each
// entry reads the line again.
__attribute__((noinline)) static long rescan(unsigned char *p, long n) {
  long s = 0;
  for (int r = 0; r < rounds; r++) {
    for (long i = 0; i < n && p[i]; i++) // not vectorized: an early exit
      s += p[i];
    p[r] = 5;
  }
  return s;
}

__attribute__((noinline)) static uint64_t sum_words(const unsigned char *p,
                                                    long n) {
  uint64_t s = 0;
  for (long i = 0; i < n; i++) {
    uint32_t w;
    memcpy(&w, p + 4 * i, 4);
    s += w;
  }
  return s;
}

static void *work(void *arg) {
  long id = (long)arg, bad = 0;
  pthread_barrier_wait(&start_line);
  for (long k = 0; k < ITERS; k++) {
    if (id == 0 && k % 2) {
      ame_atomic {
        for (int i = 0; i < ROW; i++)
          row[i] = (unsigned char)k;
      }
    } else {
      long at;
      ame_atomic { at = differs_at(row, ROW); }
      bad += at != 0;
    }
  }
  return (void *)bad;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  if (!n)
    return 2;
  long bad = e2e_run(n, work);
  printf("uniform scans: %s\n", bad ? "no" : "yes");

  for (int i = 0; i < ROW; i++)
    mine[i] = 1;
  long seen, sum;
  ame_atomic {
    mine[100] = 7;
    sum = sum_bytes(mine, ROW);
    seen = mine[sum_bytes(mine, 101) - 7]; /* 100, if it saw the 7 */
  }
  printf("own write seen: %ld sum %ld\n", seen, sum);
  long again;
  rounds = argc + 1;
  ame_atomic { again = rescan(mine + 128, 64); }
  printf("rescans: %ld\n", again);

  // 512 words from offset 1: every 16th crosses into the next line.
  for (int i = 0; i < ROW; i++) {
    uint32_t w = (uint32_t)i;
    memcpy(words + 1 + 4 * i, &w, 4);
  }
  uint64_t ws;
  ame_atomic { ws = sum_words(words + 1, ROW); }
  printf("unaligned sum: %llu\n", (unsigned long long)ws);

  // The same words from line offset 62: the walk's first load crosses
  // into the next line, before the loop holds any line.
  for (int i = 0; i < ROW; i++) {
    uint32_t w = 0x01010101u * (uint32_t)(i + 1);
    memcpy(words + 62 + 4 * i, &w, 4);
  }
  ame_atomic { ws = sum_words(words + 62, ROW - 16); }
  printf("first load crossing: %llu\n", (unsigned long long)ws);
  return 0;
}
