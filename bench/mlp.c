/*===- bench/mlp.c - Do independent cache misses in a transaction overlap? --===
 *
 * Each transaction reads k words at random places of an array far larger than
 * the caches (--mb, default 1024 MB), every read a cache miss (and a miss on
 * its lock word, for AME), and writes nothing: k = 1, 2 and 4. The addresses
 * do not depend on each other, so a processor overlaps the misses in plain
 * code and a transaction of 2 reads costs little more than one of 1. A
 * barrier that serialized them (a fence, a dependence from one read's result
 * to the next read's address) would make k reads cost k times one. Reports
 * ns per transaction for each k and the ratios t(2)/t(1) and t(4)/t(1); the
 * addresses come from a precomputed table so that generating them costs the
 * same in every variant.
 *
 *   mlp-ame --mb=1024 --txs=2000000
 *===----------------------------------------------------------------------===*/
#include "common.h"

static uint64_t *data;
static uint32_t *idx;
static volatile uint64_t sink;

#define DEFINE_TX(K)                                                           \
  __attribute__((noinline)) static uint64_t tx_##K(const uint32_t *at) {       \
    uint64_t s = 0;                                                            \
    ATOMIC {                                                                   \
      uint64_t acc = 0;                                                        \
      for (int j = 0; j < K; j++)                                              \
        acc += data[at[j]];                                                    \
      s = acc;                                                                 \
    }                                                                          \
    return s;                                                                  \
  }
DEFINE_TX(1)
DEFINE_TX(2)
DEFINE_TX(4)

static double run(int k, long txs) {
  double t0 = bench_now();
  for (long i = 0; i < txs; i++) {
    const uint32_t *at = &idx[(size_t)i * 4];
    sink += k == 1 ? tx_1(at) : k == 2 ? tx_2(at) : tx_4(at);
  }
  return 1e9 * (bench_now() - t0) / (double)txs;
}

int main(int argc, char **argv) {
  size_t words = (size_t)bench_opt_long(argc, argv, "mb", 1024) << 17;
  long txs = bench_opt_long(argc, argv, "txs", 2000000);
  data = bench_alloc(words * sizeof *data);
  idx = bench_alloc((size_t)txs * 4 * sizeof *idx);
  uint64_t rng = 0x9e3779b97f4a7c15ull;
  for (size_t i = 0; i < (size_t)txs * 4; i++)
    idx[i] = (uint32_t)(bench_rand(&rng) % words);
  run(1, txs / 8); /* warm the code, the runtime's logs and the TLB a little */
  double t[5];
  for (int k = 1; k <= 4; k *= 2)
    t[k] = run(k, txs);
  printf("bench=mlp variant=%s mb=%ld txs=%ld ns_tx_1=%.2f ns_tx_2=%.2f "
         "ns_tx_4=%.2f ratio_2=%.3f ratio_4=%.3f\n",
         BENCH_VARIANT, (long)(words >> 17), txs, t[1], t[2], t[4],
         t[2] / t[1], t[4] / t[1]);
  bench_print_runtime_info();
  return 0;
}
