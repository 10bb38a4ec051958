/*===- bench/long.c - A long transaction next to short ones on disjoint data =
 *
 * Thread L runs --long-txs transactions that each read --reads distinct
 * words (default 8M, 64 MB) and, unless --mode=ro, write --writes distinct
 * words (default 10k) of another array. With --layout=lines each read is in
 * a cache line of its own (one word every 64 bytes, so --reads=10000000
 * spans 640 MB): the worst case for a runtime that keeps per-line read
 * state. Thread S meanwhile commits short transactions (2 reads, 2 writes)
 * on a third array of --short-words words, disjoint from everything L
 * touches. Three phases: L alone, S alone for --solo-seconds, then both
 * together until L has run --long-txs transactions and at least
 * --together-seconds have passed. Reports L's latency (alone and together),
 * L's aborts per commit (should be 0: the data is disjoint), and S's
 * throughput together relative to alone. A second thread uses AME before
 * the phases (bench_second_thread_used), so that every phase runs the
 * multithreaded protocol and *relative* measures L's effect on S, not the
 * one-thread locks that the solo phase would otherwise get.
 *
 *   long-ame --mode=rw --reads=8000000 --writes=10000 --long-txs=5
 *   long-ame --mode=rw --layout=lines --reads=10000000 --long-txs=5
 *===----------------------------------------------------------------------===*/
#include "common.h"

static uint64_t *big, *long_out, *short_data;
static long nreads, nwrites, short_words, long_txs;
static int long_writes, lines_layout;
enum { LINE_WORDS = 64 / sizeof(uint64_t) };
static volatile uint64_t sink;

/* Results of one phase. */
static double lat[100];
static uint64_t long_aborts, short_commits, short_aborts;
static double short_seconds;

__attribute__((noinline)) static uint64_t long_tx(const uint64_t *src, long n,
                                                  uint64_t *dst, long m) {
  uint64_t result = 0;
  ATOMIC {
    BENCH_ATTEMPT();
    uint64_t s = 0;
    for (long i = 0; i < n; i++)
      s += src[i];
    for (long j = 0; j < m; j++)
      dst[j] = s + (uint64_t)j;
    result = s;
  }
  return result;
}

/* The same with one read per 64-byte line. A separate function with a
 * constant stride rather than a stride parameter, so the words layout keeps
 * exactly the loop it always had. */
__attribute__((noinline)) static uint64_t long_tx_lines(const uint64_t *src,
                                                        long n, uint64_t *dst,
                                                        long m) {
  uint64_t result = 0;
  ATOMIC {
    BENCH_ATTEMPT();
    uint64_t s = 0;
    for (long i = 0; i < n; i++)
      s += src[i * LINE_WORDS];
    for (long j = 0; j < m; j++)
      dst[j] = s + (uint64_t)j;
    result = s;
  }
  return result;
}

__attribute__((noinline)) static void short_tx(uint64_t *d, long i, long j) {
  ATOMIC {
    BENCH_ATTEMPT();
    d[i] += 1;
    d[j] += 1;
  }
}

/* Runs at least long_txs long transactions, and more (up to 100) until
 * min_seconds have passed, so S is measured over a long enough window. */
static double min_seconds;
static long long_done;
static void run_long(void) {
  double start = bench_now();
  long k = 0;
  while (k < 100 && (k < long_txs || bench_now() - start < min_seconds)) {
    double t0 = bench_now();
    long m = long_writes ? nwrites : 0;
    sink += lines_layout ? long_tx_lines(big, nreads, long_out, m)
                         : long_tx(big, nreads, long_out, m);
    lat[k++] = bench_now() - t0;
  }
  long_done = k;
  long_aborts = bench_thread_aborts((uint64_t)k);
  bench_set_stop();
}

static void run_short(void) {
  uint64_t rng = 0xC0FFEE, n = 0;
  double t0 = bench_now();
  while (!bench_stop()) {
    uint64_t r = bench_rand(&rng);
    short_tx(short_data, (long)(r % (uint64_t)short_words),
             (long)((r >> 32) % (uint64_t)short_words));
    n++;
  }
  short_seconds = bench_now() - t0;
  short_commits = n;
  short_aborts = bench_thread_aborts(n);
}

static void long_only(int id) {
  (void)id;
  run_long();
}
static void short_only(int id) {
  (void)id;
  run_short();
}
static void both(int id) {
  if (id == 0)
    run_long();
  else
    run_short();
}

int main(int argc, char **argv) {
  const char *mode = bench_opt_str(argc, argv, "mode", "rw");
  nreads = bench_opt_long(argc, argv, "reads", 8000000);
  nwrites = bench_opt_long(argc, argv, "writes", 10000);
  short_words = bench_opt_long(argc, argv, "short-words", 512);
  long_txs = bench_opt_long(argc, argv, "long-txs", 5);
  double solo_seconds = bench_opt_double(argc, argv, "solo-seconds", 0.5);
  double together_seconds =
      bench_opt_double(argc, argv, "together-seconds", 0.5);
  const char *layout = bench_opt_str(argc, argv, "layout", "words");
  long_writes = strcmp(mode, "ro") != 0;
  lines_layout = strcmp(layout, "lines") == 0;
  if (long_txs < 1 || long_txs > 100 || short_words < 1 ||
      (!lines_layout && strcmp(layout, "words") != 0)) {
    fprintf(stderr, "long: --long-txs must be 1..100, --short-words >= 1, "
                    "--layout words or lines\n");
    return 2;
  }
  long stride = lines_layout ? LINE_WORDS : 1;
  big = bench_alloc((size_t)nreads * (size_t)stride * sizeof *big);
  long_out = bench_alloc((size_t)(nwrites > 0 ? nwrites : 1) * sizeof *long_out);
  short_data = bench_alloc((size_t)short_words * sizeof *short_data);
  for (long i = 0; i < nreads; i++)
    big[i * stride] = (uint64_t)i;

  bench_second_thread_used();
  min_seconds = 0;
  bench_run_threads(1, 0, long_only);
  double lat_solo = bench_median(lat, (int)long_done);
  bench_run_threads(1, solo_seconds, short_only);
  double short_solo = (double)short_commits / short_seconds;

  printf("bench=long variant=%s mode=%s layout=%s reads=%ld writes=%ld "
         "long_txs=%ld long_ms_solo=%.3f short_per_s_solo=%.1f",
         BENCH_VARIANT, long_writes ? "rw" : "ro",
         lines_layout ? "lines" : "words", nreads,
         long_writes ? nwrites : 0, long_txs, 1e3 * lat_solo, short_solo);
  /* The data of L and S are disjoint, so even the unsynchronized variant
   * runs this phase race-free: it shows what the hardware itself allows. */
  {
    min_seconds = together_seconds;
    bench_run_threads(2, 0, both);
    double short_together = (double)short_commits / short_seconds;
    printf(" long_txs_together=%ld long_ms=%.3f long_aborts_per_commit=%.3f "
           "short_per_s=%.1f short_relative=%.4f short_aborts_per_commit=%.4f",
           long_done, 1e3 * bench_median(lat, (int)long_done),
           (double)long_aborts / (double)long_done, short_together,
           short_together / short_solo,
           (double)short_aborts / (double)(short_commits + 1));
  }
  printf("\n");
  bench_print_runtime_info();
  return 0;
}
