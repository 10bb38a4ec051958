/*===- bench/coldwrite.c - One cold transaction writing N distinct lines ----===
 *
 * The first transaction of a fresh process writes one byte in each of
 * --lines distinct 64-byte cache lines of an array that already exists: the
 * array is allocated and touched before, outside any transaction, so its
 * page faults are not measured, while everything the runtime does for the
 * first time (its write log starts empty and grows, page faults included)
 * is. Reports:
 *
 *   ns_per_line  the transaction's wall time divided by the lines
 *   log_bytes    peak resident memory after the transaction minus the peak
 *                before it (VmHWM): the array was already resident, so this
 *                is the memory the transaction needed, i.e. the runtime's
 *                logs; log_ratio divides it by the bytes of the lines
 *                written (lines * 64)
 *   peak_minus_array_bytes  peak resident memory minus the array: the same
 *                plus the program's own baseline (code, libc, stacks)
 *   minor_faults_per_line   page faults taken during the transaction
 *
 * The peak comes from VmHWM in /proc/self/status rather than getrusage's
 * ru_maxrss: Linux carries ru_maxrss over execve, so a process started by a
 * larger one (bench/run.py's Python, about 20 MB) would report its parent's
 * peak until it outgrew it, hiding small logs. VmHWM belongs to the current
 * address space only. ru_maxrss is the fallback where /proc is missing.
 *
 * One measurement per process, on purpose: a second transaction would find
 * the log warm. bench/run.py runs each size in its own process.
 *
 *   coldwrite-ame --lines=1000000
 *===----------------------------------------------------------------------===*/
#include "common.h"

#include <sys/resource.h>

enum { LINE = 64 };

/* noinline so the store loop stays one transaction of exactly n stores that
 * the optimizer cannot merge with the check below. */
__attribute__((noinline)) static void write_lines(unsigned char *p, long n,
                                                  unsigned char v) {
  ATOMIC {
    for (long i = 0; i < n; i++)
      p[i * LINE] = v;
  }
}

/* Peak resident set of this address space, in KiB; also fills ru. */
static long peak_rss_kb(struct rusage *ru) {
  getrusage(RUSAGE_SELF, ru);
  long kb = -1;
  FILE *f = fopen("/proc/self/status", "r");
  if (f) {
    char line[256];
    while (fgets(line, sizeof line, f))
      if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
        break;
    fclose(f);
  }
  return kb >= 0 ? kb : ru->ru_maxrss;
}

int main(int argc, char **argv) {
  long n = bench_opt_long(argc, argv, "lines", 1000000);
  if (n < 1) {
    fprintf(stderr, "coldwrite: --lines must be >= 1\n");
    return 2;
  }
  size_t bytes = (size_t)n * LINE;
  unsigned char *a = bench_alloc(bytes); /* zeroed, so every page is resident */
  struct rusage ru0, ru1;

  /* The clock's first call may fault in the vDSO's data page; keep that
   * outside the measurement too. */
  (void)bench_now();
  long rss0 = peak_rss_kb(&ru0);
  double t0 = bench_now();
  write_lines(a, n, 1);
  double t1 = bench_now();
  long rss1 = peak_rss_kb(&ru1);

  long bad = 0;
  for (long i = 0; i < n; i++)
    bad += a[i * LINE] != 1;
  double log_bytes = 1024.0 * (double)(rss1 - rss0);
  printf("bench=coldwrite variant=%s lines=%ld array_bytes=%zu "
         "ns_per_line=%.3f seconds=%.6f log_bytes=%.0f log_ratio=%.4f "
         "peak_minus_array_bytes=%.0f minor_faults_per_line=%.5f check=%s\n",
         BENCH_VARIANT, n, bytes, 1e9 * (t1 - t0) / (double)n, t1 - t0,
         log_bytes, log_bytes / (double)bytes,
         1024.0 * (double)rss1 - (double)bytes,
         (double)(ru1.ru_minflt - ru0.ru_minflt) / (double)n,
         bad ? "BAD" : "OK");
  bench_print_runtime_info();
  return 0;
}
