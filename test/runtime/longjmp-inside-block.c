// setjmp and longjmp both inside one block are plain control flow: the transaction goes on, its earlier writes survive the jump, and it commits once at the block's end.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t 2 | FileCheck %s
// RUN: %t 4 | FileCheck %s
// CHECK: writes before and after the jump: exact
// CHECK-NEXT: in a transaction after the inner jump: yes
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { ITERS = 20000 };

static _Alignas(64) uint64_t data[8];
static _Thread_local int inside_after_jump = 1;

static __attribute__((noinline)) void fail_out(jmp_buf *env) {
  longjmp(*env, 1);
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  jmp_buf env;
  __ame_store_8(tx, &data[0], __ame_load_8(tx, &data[0], NULL) + 1, NULL);
  if (setjmp(env)) {
    inside_after_jump &= ame_in_transaction();
    __ame_store_8(tx, &data[1], __ame_load_8(tx, &data[1], NULL) + 1, NULL);
    return 0;
  }
  fail_out(&env);
  return 0;
}

static void *work(void *arg) {
  (void)arg;
  for (int i = 0; i < ITERS; i++)
    __ame_run(NULL, (void *)body, NULL);
  return (void *)(long)inside_after_jump;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  alarm(20); /* a hang fails the test instead of stalling the suite */
  pthread_t t[8];
  for (int i = 0; i < threads; i++)
    pthread_create(&t[i], NULL, work, NULL);
  long inside = 1;
  for (int i = 0; i < threads; i++) {
    void *r;
    pthread_join(t[i], &r);
    inside &= (long)r;
  }
  uint64_t n = (uint64_t)threads * ITERS;
  printf("writes before and after the jump: %s\n",
         data[0] == n && data[1] == n ? "exact" : "WRONG");
  printf("in a transaction after the inner jump: %s\n", inside ? "yes" : "no");
  return 0;
}
