// Through clang's -O2 pipeline, a bank transfer block's caller prefetches both accounts' lines and their lock words, for writing, right before __ame_run, also behind an "enough money?" test and for a 48-byte account with its history shifted (both ends of each account), and the program computes the same totals; -O0 and -ame-entry-prefetch=false emit no prefetch.
// RUN: %ame_cc -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %ame_cc -O2 -mllvm -ame-entry-prefetch=false -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OFF
// RUN: %ame_cc -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OFF
// RUN: %ame_cc -O2 -Rpass=ame -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_cc -O2 %s -o %t && %t | FileCheck %s --check-prefix=EXEC
#include <ame.h>
#include <stdio.h>
#include <stdlib.h>

static long *accounts;

// CHECK-LABEL: define internal fastcc void @transfer(
// CHECK: load ptr, ptr @accounts
// CHECK-COUNT-4: call void asm sideeffect "prefetchw ($0)", "r"(ptr %{{.*}})
// CHECK-NEXT: call i32 @__ame_run(
// OFF-NOT: {{@llvm.prefetch|"prefetchw}}
// REMARK: entry-prefetch-bank.c:[[@LINE+2]]:3: remark: 2 address(es) the block touches, and their lock words, are prefetched before its transaction begins
__attribute__((noinline)) static void transfer(long from, long to, long amount) {
  ame_atomic {
    accounts[from] -= amount;
    accounts[to] += amount;
  }
}

struct account {
  long balance;
  long moves;
  int history[8];
};
static struct account *book;

// The source account: its balance; the destination: bytes 0-47, both ends.
// CHECK-LABEL: define internal fastcc void @move(
// CHECK-COUNT-6: call void asm sideeffect "prefetchw ($0)", "r"(ptr %{{.*}})
// CHECK-NEXT: call i32 @__ame_run(
// REMARK: entry-prefetch-bank.c:[[@LINE+2]]:3: remark: 3 address(es) the block touches, and their lock words, are prefetched before its transaction begins
__attribute__((noinline)) static void move(long from, long to, int amount) {
  ame_atomic {
    struct account *f = &book[from], *t = &book[to];
    if (f->balance >= amount) {
      f->balance -= amount;
      t->balance += amount;
      for (int i = 7; i > 0; i--)
        t->history[i] = t->history[i - 1];
      t->history[0] = amount;
      t->moves++;
    }
  }
}

int main(void) {
  enum { N = 1 << 16 };
  accounts = malloc(N * sizeof *accounts);
  for (long i = 0; i < N; i++)
    accounts[i] = 100;
  unsigned long r = 1;
  for (long i = 0; i < 100000; i++) {
    r = r * 6364136223846793005ul + 1442695040888963407ul;
    transfer((long)(r >> 20) % N, (long)(r >> 40) % N, (long)(r & 7));
  }
  long total = 0;
  for (long i = 0; i < N; i++)
    total += accounts[i];
  // EXEC: total 6553600
  printf("total %ld\n", total);
  enum { M = 1000 };
  book = calloc(M, sizeof *book);
  for (long i = 0; i < M; i++)
    book[i].balance = 10;
  for (long i = 0; i < 100000; i++) {
    r = r * 6364136223846793005ul + 1442695040888963407ul;
    long from = (long)(r >> 20) % M, to = (long)(r >> 40) % M;
    if (from != to)
      move(from, to, (int)(r & 7) + 1);
  }
  long money = 0, moves = 0, recorded = 0;
  for (long i = 0; i < M; i++) {
    money += book[i].balance;
    moves += book[i].moves;
    for (int h = 0; h < 8; h++)
      recorded += book[i].history[h] != 0;
  }
  // EXEC-NEXT: money 10000, history consistent 1
  printf("money %ld, history consistent %d\n", money,
         recorded <= 8 * M && recorded <= moves && moves > 0);
  return 0;
}
