// While one thread uses AME its first write lock of a line is a plain store, made while its plain_lock is odd; a second thread registers only once no such store is in progress, and from then on every first lock is a compare-and-swap, so no lock races with a plain store.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: alone: plain stores 1, mode 0
// CHECK-NEXT: second thread's block ran after the plain store ended: 1
// CHECK-NEXT: two threads: plain stores 0, mode 2
// CHECK-NEXT: values: 1 2 3
#include "internal.h"

#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static _Alignas(64) uint64_t first_line, second_line, third_line;
static int in_section, second_starting, section_ended;
static int seen = -1;
static uint64_t plain_before, plain_after;

static uint32_t write_first(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  plain_before = tx->plain_lock;
  __ame_store_8(tx, &first_line, 1, NULL);
  plain_after = tx->plain_lock;
  return 0;
}

// Stands for a plain store in progress: the first thread's plain_lock is
// odd, as between its two halves in the first lock of a line, while the
// second thread starts its first block.
static uint32_t hold_section(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  uint64_t p = tx->plain_lock;
  __atomic_store_n(&tx->plain_lock, p + 1, __ATOMIC_SEQ_CST);
  __atomic_store_n(&in_section, 1, __ATOMIC_SEQ_CST);
  while (!__atomic_load_n(&second_starting, __ATOMIC_SEQ_CST))
    ;
  usleep(200 * 1000);
  __atomic_store_n(&section_ended, 1, __ATOMIC_SEQ_CST);
  __atomic_store_n(&tx->plain_lock, p + 2, __ATOMIC_SEQ_CST);
  return 0;
}

static uint32_t write_second(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  seen = __atomic_load_n(&section_ended, __ATOMIC_SEQ_CST);
  __ame_store_8(tx, &second_line, 2, NULL);
  return 0;
}

static uint32_t write_third(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  plain_before = tx->plain_lock;
  __ame_store_8(tx, &third_line, 3, NULL);
  plain_after = tx->plain_lock;
  return 0;
}

static void *second_thread(void *p) {
  (void)p;
  while (!__atomic_load_n(&in_section, __ATOMIC_SEQ_CST))
    ;
  __atomic_store_n(&second_starting, 1, __ATOMIC_SEQ_CST);
  __ame_run(NULL, (void *)write_second, NULL);
  return NULL;
}

int main(void) {
  alarm(20);
  __ame_run(NULL, (void *)write_first, NULL);
  printf("alone: plain stores %llu, mode %u\n",
         (unsigned long long)(plain_after - plain_before) / 2, ame__many);
  pthread_t t;
  pthread_create(&t, NULL, second_thread, NULL);
  __ame_run(NULL, (void *)hold_section, NULL);
  pthread_join(t, NULL);
  printf("second thread's block ran after the plain store ended: %d\n", seen);
  __ame_run(NULL, (void *)write_third, NULL);
  printf("two threads: plain stores %llu, mode %u\n",
         (unsigned long long)(plain_after - plain_before) / 2, ame__many);
  printf("values: %llu %llu %llu\n", (unsigned long long)first_line,
         (unsigned long long)second_line, (unsigned long long)third_line);
  return 0;
}
