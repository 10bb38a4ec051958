/*===- bench/micro.c - Cost of one transactional read and write ------------===
 *
 * One thread runs transactions of n reads of distinct words (op=read) or n
 * writes of distinct words (op=write), n = 1 ... 10^7, and reports the
 * median over --reps batches of the wall time per access. Small n are run
 * as batches of many transactions (about --batch-accesses accesses per
 * batch, at most --max-batch transactions) so the clock resolution does not
 * matter; n=1 shows the fixed cost of a transaction. read_lines and
 * write_lines touch one word per 64-byte line (8n words), the worst case for
 * logs kept per line. Subtracting the uninstrumented variant's figure (done by
 * bench/run.py) leaves the cost of the barriers alone. --after-thread=1
 * first runs a block on this thread and one on a second thread: AME takes
 * line locks with plain stores only while one thread has used it, so this
 * shows the fixed cost a multithreaded program pays.
 *
 *   micro-ame --sizes=1,100,10000,1000000,10000000 --ops=read,write --reps=7
 *===----------------------------------------------------------------------===*/
#include "common.h"

static volatile uint64_t sink;

/* Transaction bodies live in noinline functions so batches cannot be merged
 * or hoisted by the optimizer; their accumulators are declared inside the
 * block so they stay in registers (they are not shared memory). STRIDE 1
 * touches consecutive words (8 per cache line), STRIDE 8 one word per line. */
#define DEFINE_TX(suffix, STRIDE)                                              \
  __attribute__((noinline)) static uint64_t tx_read##suffix(                   \
      const uint64_t *p, size_t n) {                                           \
    uint64_t result = 0;                                                       \
    ATOMIC {                                                                   \
      uint64_t s = 0;                                                          \
      for (size_t i = 0; i < n; i++)                                           \
        s += p[i * (STRIDE)];                                                  \
      result = s;                                                              \
    }                                                                          \
    return result;                                                             \
  }                                                                            \
  __attribute__((noinline)) static void tx_write##suffix(uint64_t *p,          \
                                                         size_t n, uint64_t k) { \
    ATOMIC {                                                                   \
      for (size_t i = 0; i < n; i++)                                           \
        p[i * (STRIDE)] = i ^ k;                                               \
    }                                                                          \
  }
DEFINE_TX(, 1)
DEFINE_TX(_lines, 8)

enum op { OP_READ, OP_WRITE, OP_READ_LINES, OP_WRITE_LINES, OP_COUNT };
static const char *const op_names[] = {"read", "write", "read_lines",
                                       "write_lines"};

/* Seconds for `batch` transactions of op over n words. */
static double time_batch(int op, uint64_t *rd, uint64_t *wr, size_t n,
                         long batch) {
  static uint64_t k;
  double t0 = bench_now();
  for (long b = 0; b < batch; b++) {
    switch (op) {
    case OP_READ:
      sink += tx_read(rd, n);
      break;
    case OP_WRITE:
      tx_write(wr, n, ++k);
      break;
    case OP_READ_LINES:
      sink += tx_read_lines(rd, n);
      break;
    default:
      tx_write_lines(wr, n, ++k);
      break;
    }
  }
  return bench_now() - t0;
}

/* Whether name is one of the comma-separated words of list. */
static int op_listed(const char *list, const char *name) {
  size_t len = strlen(name);
  for (const char *p = list; (p = strstr(p, name)) != NULL; p += len)
    if ((p == list || p[-1] == ',') && (p[len] == ',' || p[len] == 0))
      return 1;
  return 0;
}

int main(int argc, char **argv) {
  const char *sizes_opt =
      bench_opt_str(argc, argv, "sizes", "1,100,10000,1000000,10000000");
  const char *ops_opt =
      bench_opt_str(argc, argv, "ops", "read,write,read_lines,write_lines");
  int reps = (int)bench_opt_long(argc, argv, "reps", 7);
  long batch_accesses = bench_opt_long(argc, argv, "batch-accesses", 20000000);
  long max_batch = bench_opt_long(argc, argv, "max-batch", 500000);
  if (bench_opt_long(argc, argv, "after-thread", 0))
    bench_second_thread_used();
  size_t sizes[16], nsizes = 0, max_n = 1;
  char buf[256];

  if (reps < 1 || reps > 99)
    reps = 7;
  snprintf(buf, sizeof buf, "%s", sizes_opt);
  for (char *t = strtok(buf, ","); t && nsizes < 16; t = strtok(NULL, ",")) {
    sizes[nsizes] = (size_t)strtod(t, NULL);
    if (sizes[nsizes] < 1)
      continue;
    if (sizes[nsizes] > max_n)
      max_n = sizes[nsizes];
    nsizes++;
  }
  size_t words = max_n * (strstr(ops_opt, "_lines") ? 8 : 1);
  uint64_t *rd = bench_alloc(words * sizeof *rd);
  uint64_t *wr = bench_alloc(words * sizeof *wr);
  for (size_t i = 0; i < words; i++)
    rd[i] = i * 7 + 1;

  for (int op = OP_READ; op < OP_COUNT; op++) {
    if (!op_listed(ops_opt, op_names[op]))
      continue;
    for (size_t s = 0; s < nsizes; s++) {
      size_t n = sizes[s];
      long batch = batch_accesses / (long)n;
      double per[100];
      if (batch > max_batch)
        batch = max_batch;
      if (batch < 1)
        batch = 1;
      time_batch(op, rd, wr, n, batch > 1 ? batch / 4 + 1 : 1);
      for (int r = 0; r < reps; r++)
        per[r] = 1e9 * time_batch(op, rd, wr, n, batch) /
                 ((double)batch * (double)n);
      double med = bench_median(per, reps);
      printf("bench=micro variant=%s op=%s n=%zu batch=%ld reps=%d "
             "ns_per_access=%.4f min=%.4f max=%.4f\n",
             BENCH_VARIANT, op_names[op], n, batch, reps, med, per[0],
             per[reps - 1]);
      fflush(stdout);
    }
  }
  bench_print_runtime_info();
  return 0;
}
