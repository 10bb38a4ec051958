// A bulk read that meets a line committed after the transaction's snapshot does not copy it as is: it extends the snapshot, and aborts if what it read before has changed (opacity: line 71 read first and line 70 read in bulk always come from one commit).
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: inconsistent copies seen: 0
// CHECK-NEXT: final copy: new
// CHECK-NEXT: reader attempts: 2
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

enum { LINES = 128 };
static _Alignas(64) uint64_t buf[LINES * 8]; // word 0 of line l: buf[l * 8]
static uint64_t copy[LINES * 8];
static int go, done, attempts, inconsistent;

static uint32_t reader(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  attempts++; // plain: survives aborts
  uint64_t first = __ame_load_8(tx, &buf[71 * 8], NULL);
  if (attempts == 1) {
    // Another thread commits both lines now, after this snapshot.
    __atomic_store_n(&go, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&done, __ATOMIC_SEQ_CST))
      ;
  }
  __ame_load_bytes(tx, copy, buf, sizeof buf, NULL);
  if (copy[70 * 8] != first)
    inconsistent++;
  return 0;
}

static uint32_t writer(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &buf[70 * 8], 1, NULL);
  __ame_store_8(tx, &buf[71 * 8], 1, NULL);
  return 0;
}

static void *writer_thread(void *p) {
  (void)p;
  while (!__atomic_load_n(&go, __ATOMIC_SEQ_CST))
    ;
  __ame_run(NULL, (void *)writer, NULL);
  __atomic_store_n(&done, 1, __ATOMIC_SEQ_CST);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, writer_thread, NULL);
  __ame_run(NULL, (void *)reader, NULL);
  pthread_join(t, NULL);
  printf("inconsistent copies seen: %d\n", inconsistent);
  printf("final copy: %s\n", copy[70 * 8] == 1 ? "new" : "old");
  printf("reader attempts: %d\n", attempts);
  return 0;
}
