// AME_REFCOUNT entries, one thread: a delta stays out of memory until commit and is then added; a tracked read includes the pending delta; a store cancels the deltas before it; adds after a store, on memory the transaction allocated, or in an inevitable transaction are exact; deltas pending when a transaction turns inevitable are added then; sizes 1, 2, 4 wrap modulo their width; comparisons see the value the serial order gives.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

static _Alignas(64) uint64_t rc[8];
static _Alignas(64) uint8_t small[4];
static _Alignas(64) uint16_t mid[4];
static _Alignas(64) uint32_t word[4];
static const struct __ame_site site = {__FILE__, "body", __LINE__, 0, "test", 0};
#define EQ(n) (AME_RC_EQ | (n) << 8)
#define SGT(n) (AME_RC_SGT | (n) << 8)

static uint32_t deltas(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  uint64_t v = __ame_refcount_add(tx, &rc[0], 1, 8, NULL);
  v = __ame_refcount_add(tx, &rc[0], 1, 8, NULL);
  printf("speculative %llu, memory %llu, tracked read %llu\n",
         (unsigned long long)v, (unsigned long long)rc[0],
         (unsigned long long)__ame_refcount_load(tx, &rc[0], 8, NULL));
  printf("test new == 7: %u, old == 6: %u, new > 6: %u\n",
         __ame_refcount_test(tx, &rc[0], v, 7, EQ(8), NULL),
         __ame_refcount_test(tx, &rc[0], v - 1, 6, EQ(8), NULL),
         __ame_refcount_test(tx, &rc[0], v, 6, SGT(8), NULL));
  return 0;
}
// CHECK: speculative 7, memory 5, tracked read 7
// CHECK-NEXT: test new == 7: 1, old == 6: 1, new > 6: 1
// CHECK-NEXT: after commit 7

static uint32_t store_cancels(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_refcount_add(tx, &rc[1], 5, 8, NULL);
  __ame_refcount_store(tx, &rc[1], 100, 8, NULL);
  uint64_t v = __ame_refcount_add(tx, &rc[1], (uint64_t)-1, 8, NULL);
  printf("after store and -1: %llu, test == 99: %u\n", (unsigned long long)v,
         __ame_refcount_test(tx, &rc[1], v, 99, EQ(8), NULL));
  return 0;
}
// CHECK-NEXT: after store and -1: 99, test == 99: 1
// CHECK-NEXT: after commit 99

static uint32_t own_allocation(struct __ame_tx *tx, void *ctx) {
  uint64_t *o = __ame_malloc(tx, 64);
  __ame_refcount_store(tx, o, 1, 8, NULL);
  uint64_t v = __ame_refcount_add(tx, o, (uint64_t)-1, 8, NULL);
  printf("own object: %llu, test == 0: %u\n", (unsigned long long)v,
         __ame_refcount_test(tx, o, v, 0, EQ(8), NULL));
  __ame_free(tx, o);
  (void)ctx;
  return 0;
}
// CHECK-NEXT: own object: 0, test == 0: 1

static uint32_t turns_inevitable(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  uint64_t v = __ame_refcount_add(tx, &rc[2], (uint64_t)-1, 8, NULL);
  uint32_t zero = __ame_refcount_test(tx, &rc[2], v, 0, EQ(8), NULL);
  __ame_irrevocable_v2(tx, (void *)&site);
  printf("inevitable: memory %llu (test said %u)\n",
         (unsigned long long)rc[2], zero);
  v = __ame_refcount_add(tx, &rc[2], 3, 8, NULL);
  printf("exact add in place: %llu, memory %llu\n", (unsigned long long)v,
         (unsigned long long)rc[2]);
  return 0;
}
// CHECK-NEXT: inevitable: memory 1 (test said 0)
// CHECK-NEXT: exact add in place: 4, memory 4
// CHECK-NEXT: after commit 4

static uint32_t widths(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  uint64_t a = __ame_refcount_add(tx, &small[1], (uint64_t)-1, 1, NULL);
  uint64_t b = __ame_refcount_add(tx, &mid[1], 2, 2, NULL);
  uint64_t c = __ame_refcount_add(tx, &word[1], (uint64_t)-3, 4, NULL);
  printf("widths: %llu %llu %llu, tests %u %u\n", (unsigned long long)a,
         (unsigned long long)b, (unsigned long long)c,
         __ame_refcount_test(tx, &small[1], a, 255, EQ(1), NULL),
         __ame_refcount_test(tx, &word[1], c, 0, SGT(4), NULL));
  return 0;
}
// CHECK-NEXT: widths: 255 1 4294967293, tests 1 0
// CHECK-NEXT: after commit 255 1 4294967293 0 0 0

int main(void) {
  rc[0] = 5;
  __ame_run((void *)&site, (void *)deltas, NULL);
  printf("after commit %llu\n", (unsigned long long)rc[0]);
  rc[1] = 3;
  __ame_run((void *)&site, (void *)store_cancels, NULL);
  printf("after commit %llu\n", (unsigned long long)rc[1]);
  __ame_run((void *)&site, (void *)own_allocation, NULL);
  rc[2] = 2;
  __ame_run((void *)&site, (void *)turns_inevitable, NULL);
  printf("after commit %llu\n", (unsigned long long)rc[2]);
  mid[1] = 0xffff;
  __ame_run((void *)&site, (void *)widths, NULL);
  printf("after commit %u %u %u %u %u %u\n", small[1], mid[1], word[1],
         small[0], mid[0], word[0]);
  return 0;
}
