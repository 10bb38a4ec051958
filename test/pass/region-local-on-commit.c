// ame_on_commit(fn, &local) with a local declared before the block: the action runs after the commit and reads the local the block wrote (the local stays in the caller's frame), at -O0 and -O2.
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#include <ame.h>
#include <stdio.h>
#include <string.h>

static int balance = 10;

static void report(void *msg) { printf("[%s]\n", (const char *)msg); }

int main(void) {
  char msg[16];
  ame_atomic {
    balance -= 3;
    strcpy(msg, balance >= 0 ? "paid" : "refused");
    ame_on_commit(report, msg);
  }
  // CHECK: [paid]
  printf("balance=%d\n", balance);
  // CHECK-NEXT: balance=7
  return 0;
}
