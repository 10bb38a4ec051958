// While only one thread has used AME, a writer's commit neither validates its read log nor marks the lines it read (nobody else commits, and no other transaction can lock them while it writes back), and moves the clock to its version (so its next snapshot accepts the lines it wrote without its tag), and decides so inside a plain_lock section, which a second thread's registration waits for; once a second thread has used AME, commits validate and mark the lines they read, and leave the clock where it is.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: alone: read line marked 0, plain_lock sections 2, clock at its version 1
// CHECK-NEXT: two threads: read line marked 1, plain_lock sections 0, clock at its version 0
// CHECK-NEXT: values: 5 6 7 8
#include "internal.h"

#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static _Alignas(64) uint64_t read_a = 5;
static _Alignas(64) uint64_t write_a;
static _Alignas(64) uint64_t read_b = 7;
static _Alignas(64) uint64_t write_b;
static _Alignas(64) uint64_t unrelated;
static struct __ame_tx *main_tx;
static uint64_t plain_before;

// A read of one line, then the first write of another: the write lock is
// a plain store while alone (one plain_lock section), the commit another.
static uint32_t copy_a(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  main_tx = tx;
  plain_before = tx->plain_lock;
  __ame_store_8(tx, &write_a, __ame_load_8(tx, &read_a, NULL) + 1, NULL);
  return 0;
}

static uint32_t copy_b(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  plain_before = tx->plain_lock;
  __ame_store_8(tx, &write_b, __ame_load_8(tx, &read_b, NULL) + 1, NULL);
  return 0;
}

static uint32_t touch(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &unrelated, 1, NULL);
  return 0;
}

static void *second_thread(void *p) {
  (void)p;
  __ame_run(NULL, (void *)touch, NULL);
  return NULL;
}

static int clock_at_version_of(const uint64_t *p) {
  uint64_t w = __atomic_load_n(ame__meta(p), __ATOMIC_ACQUIRE);
  return __atomic_load_n(&ame__clock, __ATOMIC_ACQUIRE) ==
         (w & ~AME__TAG_BITS);
}

static int marked(const uint64_t *p) {
  return (__atomic_load_n(ame__meta(p), __ATOMIC_ACQUIRE) & AME__READ_MARK) !=
         0;
}

int main(void) {
  alarm(20);
  __ame_run(NULL, (void *)copy_a, NULL);
  printf("alone: read line marked %d, plain_lock sections %llu, clock at its "
         "version %d\n",
         marked(&read_a),
         (unsigned long long)(main_tx->plain_lock - plain_before) / 2,
         clock_at_version_of(&write_a));
  pthread_t t;
  pthread_create(&t, NULL, second_thread, NULL);
  pthread_join(t, NULL);
  __ame_run(NULL, (void *)copy_b, NULL);
  printf("two threads: read line marked %d, plain_lock sections %llu, clock "
         "at its version %d\n",
         marked(&read_b),
         (unsigned long long)(main_tx->plain_lock - plain_before) / 2,
         clock_at_version_of(&write_b));
  printf("values: %llu %llu %llu %llu\n", (unsigned long long)read_a,
         (unsigned long long)write_a, (unsigned long long)read_b,
         (unsigned long long)write_b);
  return 0;
}
