// A 16- or 32-byte read that crosses from one line into the next (a vectorized loop's load) reads both lines as of one snapshot: when the second line was committed after the transaction's snapshot, it extends, and aborts if what it read before has changed, so both halves always come from one commit; its own writes to either line are read back; a commit over either line after the read makes the reader's commit fail.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: inconsistent copies seen: 0
// CHECK-NEXT: final copy: 1 1 1 1
// CHECK-NEXT: reader attempts: 2
// CHECK-NEXT: own writes: 5 1 1 6
// CHECK-NEXT: validating reader attempts: 2
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

// Words 6 and 7 of line 0, words 0 and 1 of line 1.
static _Alignas(64) uint64_t buf[16];
static uint64_t copy[4];
static int go, done, attempts, inconsistent;

static uint32_t reader(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  attempts++; // plain: survives aborts
  uint64_t first = __ame_load_8(tx, &buf[8], NULL);
  if (attempts == 1) {
    // Another thread commits both lines now, after this snapshot.
    __atomic_store_n(&go, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&done, __ATOMIC_SEQ_CST))
      ;
  }
  __ame_load_bytes(tx, copy, &buf[6], 32, NULL);
  for (int i = 0; i < 4; i++)
    if (copy[i] != first)
      inconsistent++;
  return 0;
}

static uint32_t writer(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (int i = 6; i < 10; i++)
    __ame_store_8(tx, &buf[i], 1, NULL);
  return 0;
}

static uint32_t own_writes(struct __ame_tx *tx, void *ctx) {
  __ame_store_8(tx, &buf[6], 5, NULL);
  __ame_store_8(tx, &buf[9], 6, NULL);
  __ame_load_bytes(tx, ctx, &buf[6], 32, NULL);
  return 0;
}

// Reads across the lines, lets another thread commit to the second one,
// then writes (an update transaction validates its reads at commit).
static uint32_t validating_reader(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  attempts++;
  uint64_t v[2];
  __ame_load_bytes(tx, v, &buf[7], 16, NULL);
  if (attempts == 1) {
    __atomic_store_n(&go, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&done, __ATOMIC_SEQ_CST))
      ;
  }
  __ame_store_8(tx, &buf[0], v[0] + v[1], NULL);
  return 0;
}

static uint32_t bump(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &buf[8], __ame_load_8(tx, &buf[8], NULL) + 1, NULL);
  return 0;
}

static void *writer_thread(void *p) {
  while (!__atomic_load_n(&go, __ATOMIC_SEQ_CST))
    ;
  __ame_run(NULL, (void *)p, NULL);
  __atomic_store_n(&done, 1, __ATOMIC_SEQ_CST);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, writer_thread, (void *)writer);
  __ame_run(NULL, (void *)reader, NULL);
  pthread_join(t, NULL);
  printf("inconsistent copies seen: %d\n", inconsistent);
  printf("final copy: %llu %llu %llu %llu\n", (unsigned long long)copy[0],
         (unsigned long long)copy[1], (unsigned long long)copy[2],
         (unsigned long long)copy[3]);
  printf("reader attempts: %d\n", attempts);

  uint64_t mine[4];
  __ame_run(NULL, (void *)own_writes, mine);
  printf("own writes: %llu %llu %llu %llu\n", (unsigned long long)mine[0],
         (unsigned long long)mine[1], (unsigned long long)mine[2],
         (unsigned long long)mine[3]);

  attempts = go = done = 0;
  pthread_create(&t, NULL, writer_thread, (void *)bump);
  __ame_run(NULL, (void *)validating_reader, NULL);
  pthread_join(t, NULL);
  printf("validating reader attempts: %d\n", attempts);
  return 0;
}
