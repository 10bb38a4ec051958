// A transaction that turns inevitable mid-way publishes its earlier writes in place, commits, and other transactions on other data keep committing meanwhile.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

static _Alignas(64) uint64_t mine[8], other[8];
static volatile int others_done;

static uint32_t other_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &other[0], __ame_load_8(tx, &other[0], NULL) + 1, NULL);
  return 0;
}

static void *other_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++)
    __ame_run(NULL, (void *)other_body, NULL);
  others_done = 1;
  return NULL;
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &mine[0], 1, NULL);
  printf("before: memory %llu\n", (unsigned long long)mine[0]);
  static const struct __ame_site site = {"file.c", "f", 1, 1, "puts",
                                         AME_SITE_IO};
  __ame_irrevocable_v2(tx, (void *)&site);
  // Uninstrumented code now sees the transaction's writes.
  printf("inevitable: memory %llu\n", (unsigned long long)mine[0]);
  pthread_t t;
  pthread_create(&t, NULL, other_thread, NULL);
  pthread_join(t, NULL);
  printf("others committed while inevitable: %d, other=%llu\n", others_done,
         (unsigned long long)other[0]);
  __ame_store_8(tx, &mine[1], __ame_load_8(tx, &mine[0], NULL) + 1, NULL);
  return 0;
}

int main(void) {
  __ame_run(NULL, (void *)body, NULL);
  printf("after: %llu %llu\n", (unsigned long long)mine[0],
         (unsigned long long)mine[1]);
  struct ame_stats s;
  ame_stats_thread(&s);
  printf("inevitable commits %llu, aborts %llu\n",
         (unsigned long long)s.inevitable_commits,
         (unsigned long long)s.aborts[AME_ABORT_INEVITABLE]);
  return 0;
}
// CHECK: before: memory 0
// CHECK-NEXT: inevitable: memory 1
// CHECK-NEXT: others committed while inevitable: 1, other=1000
// CHECK-NEXT: after: 1 2
// CHECK-NEXT: inevitable commits 1, aborts 0
