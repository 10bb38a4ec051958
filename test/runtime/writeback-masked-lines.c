// A partly written line is written back byte for byte: with AVX-512 masked stores where the processor has them, and with a store per run of bytes otherwise; plain code writing the line's other bytes during the transaction keeps its bytes either way.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: runs: 3000 lines exact
// CHECK-NEXT: masked stores: {{3000 lines exact|not on this processor}}
// CHECK-NEXT: setting agrees with the processor
#include "ame_testing.h"
#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

enum { TRIALS = 3000 };

static _Alignas(64) unsigned char line[64];
static uint64_t mask;

static unsigned char tx_byte(int i) { return (unsigned char)(0x80 | i); }
static unsigned char plain_byte(int i) { return (unsigned char)(0x40 | i); }

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  for (int i = 0; i < 64; i++)
    if (mask >> i & 1)
      __ame_store_1(tx, &line[i], tx_byte(i), NULL);
  // Plain code owns the other bytes of the locked line.
  for (int i = 0; i < 64; i++)
    if (!(mask >> i & 1))
      line[i] = plain_byte(i);
  return 0;
}

static uint64_t next(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

// Lines whose every byte holds what its writer stored.
static int exact_lines(void) {
  uint64_t rng = 0x2545F4914F6CDD1Dull;
  int exact = 0;
  for (int t = 0; t < TRIALS; t++) {
    // Sparse, dense and half masks: runs of every length, in both halves.
    uint64_t a = next(&rng), b = next(&rng);
    mask = t % 3 == 0 ? a & b : t % 3 == 1 ? a | b : a;
    for (int i = 0; i < 64; i++)
      line[i] = 0;
    __ame_run(NULL, (void *)body, NULL);
    int ok = 1;
    for (int i = 0; i < 64; i++)
      ok &= line[i] == (mask >> i & 1 ? tx_byte(i) : plain_byte(i));
    exact += ok;
  }
  return exact;
}

int main(void) {
  __builtin_cpu_init();
  int has = __builtin_cpu_supports("avx512bw") &&
            __builtin_cpu_supports("avx512vl");
  ame_testing_masked_stores(0);
  printf("runs: %d lines exact\n", exact_lines());
  int on = ame_testing_masked_stores(1);
  if (on)
    printf("masked stores: %d lines exact\n", exact_lines());
  else
    printf("masked stores: not on this processor\n");
  printf("setting %s the processor\n", on == has ? "agrees with" : "differs from");
  return 0;
}
