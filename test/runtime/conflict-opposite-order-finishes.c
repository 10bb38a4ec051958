// Two threads that lock two lines in opposite orders, each holding its first line while it asks for the second, never wait for each other at once: the younger of the two aborts (wait-die), so every transaction commits and no increment is lost.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: a = 4000, b = 4000
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

enum { ROUNDS = 2000 };
static _Alignas(64) uint64_t a;
static _Alignas(64) uint64_t b;

static void hold_a_while(void) {
  for (volatile int i = 0; i < 2000; i++)
    ;
}

static uint32_t a_then_b(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &a, __ame_load_8(tx, &a, NULL) + 1, NULL);
  hold_a_while();
  __ame_store_8(tx, &b, __ame_load_8(tx, &b, NULL) + 1, NULL);
  return 0;
}

static uint32_t b_then_a(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &b, __ame_load_8(tx, &b, NULL) + 1, NULL);
  hold_a_while();
  __ame_store_8(tx, &a, __ame_load_8(tx, &a, NULL) + 1, NULL);
  return 0;
}

static void *other(void *p) {
  (void)p;
  for (int i = 0; i < ROUNDS; i++)
    __ame_run(NULL, (void *)b_then_a, NULL);
  return NULL;
}

int main(void) {
  alarm(60); // two transactions waiting for each other would hang here
  pthread_t t;
  pthread_create(&t, NULL, other, NULL);
  for (int i = 0; i < ROUNDS; i++)
    __ame_run(NULL, (void *)a_then_b, NULL);
  pthread_join(t, NULL);
  printf("a = %llu, b = %llu\n", (unsigned long long)a, (unsigned long long)b);
  return 0;
}
