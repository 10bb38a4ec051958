/*===- bench/bank.c - Transfers between accounts, with whole-bank audits ----===
 *
 * --accounts accounts (default 1M longs). Each thread loops until the time is
 * up: with probability --audit-pct percent it audits (one transaction that
 * sums every account: a 1M-read transaction), otherwise it transfers a random
 * amount between two random accounts (2 reads, 2 writes). Reports transfers
 * per second; audits that do not see the invariant total are counted as
 * bad_audits, and total_drift is how far the final total is from the
 * invariant (both always 0 unless the synchronization is broken).
 *
 * The uninstrumented variant refuses several threads unless --racy=1: then
 * its threads race on purpose, to show how fast the hardware runs the same
 * loop without synchronization (lost updates may make total_drift nonzero;
 * the line says racy=1).
 *
 *   bank-ame --threads=2 --seconds=1 --accounts=1000000 --audit-pct=1
 *===----------------------------------------------------------------------===*/
#include "common.h"

static long *accounts;
static long naccounts;
static long expected_total;
static int audit_pct;

struct counts {
  uint64_t transfers, audits, bad_audits, aborts;
  char pad[32];
};
static struct counts per_thread[64];

__attribute__((noinline)) static void transfer(long from, long to, long amount) {
  ATOMIC {
    BENCH_ATTEMPT();
    accounts[from] -= amount;
    accounts[to] += amount;
  }
}

__attribute__((noinline)) static long audit(void) {
  long total = 0;
  ATOMIC {
    BENCH_ATTEMPT();
    long sum = 0;
    for (long i = 0; i < naccounts; i++)
      sum += accounts[i];
    total = sum;
  }
  return total;
}

static void worker(int id) {
  uint64_t rng = 0x9E3779B97F4A7C15ULL * (uint64_t)(id + 1);
  struct counts c = {0};
  while (!bench_stop()) {
    uint64_t r = bench_rand(&rng);
    if ((long)(r % 100) < audit_pct) {
      c.bad_audits += audit() != expected_total;
      c.audits++;
    } else {
      long from = (long)((r >> 8) % (uint64_t)naccounts);
      long to = (long)(bench_rand(&rng) % (uint64_t)naccounts);
      transfer(from, to, (long)(r >> 56) + 1);
      c.transfers++;
    }
  }
  c.aborts = bench_thread_aborts(c.transfers + c.audits);
  per_thread[id] = c;
}

int main(int argc, char **argv) {
  int threads = (int)bench_opt_long(argc, argv, "threads", 1);
  double seconds = bench_opt_double(argc, argv, "seconds", 1.0);
  naccounts = bench_opt_long(argc, argv, "accounts", 1000000);
  audit_pct = (int)bench_opt_long(argc, argv, "audit-pct", 1);
  if (bench_opt_long(argc, argv, "after-thread", 0))
    bench_second_thread_used();
  int racy = !BENCH_MULTITHREAD && threads != 1;
  if (racy && !bench_opt_long(argc, argv, "racy", 0)) {
    fprintf(stderr, "bank: the %s variant runs one thread only, unless "
            "--racy=1 accepts that its threads race\n", BENCH_VARIANT);
    return 2;
  }
  accounts = bench_alloc((size_t)naccounts * sizeof *accounts);
  for (long i = 0; i < naccounts; i++)
    accounts[i] = 1000;
  expected_total = 1000 * naccounts;

  double elapsed = bench_run_threads(threads, seconds, worker);
  struct counts sum = {0};
  for (int i = 0; i < threads; i++) {
    sum.transfers += per_thread[i].transfers;
    sum.audits += per_thread[i].audits;
    sum.bad_audits += per_thread[i].bad_audits;
    sum.aborts += per_thread[i].aborts;
  }
  /* Outside any block: the threads have been joined. */
  long total = 0;
  for (long i = 0; i < naccounts; i++)
    total += accounts[i];
  printf("bench=bank variant=%s threads=%d accounts=%ld audit_pct=%d "
         "racy=%d seconds=%.3f transfers_per_s=%.1f audits_per_s=%.2f "
         "bad_audits=%llu total_drift=%ld aborts_per_commit=%.4f\n",
         BENCH_VARIANT, threads, naccounts, audit_pct, racy, elapsed,
         (double)sum.transfers / elapsed, (double)sum.audits / elapsed,
         (unsigned long long)sum.bad_audits, total - expected_total,
         (double)sum.aborts / (double)(sum.transfers + sum.audits + 1));
  bench_print_runtime_info();
  return 0;
}
