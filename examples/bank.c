/*===- bank.c - AME demo: parallel money transfers in atomic blocks --------===
 *
 * Threads move money between shared accounts, each transfer one ame_atomic
 * block, and now and then audit the bank: sum every account inside one large
 * atomic block. No locks anywhere. The program checks that money is never
 * created or lost (not even as seen by an audit while transfers run), prints
 * what each thread committed and how often it was rolled back, and times the
 * same work on 1 thread and on N threads.
 *
 *   build/bin/ame-cc -O2 examples/bank.c -o bank && ./bank [threads] [transfers]
 *===----------------------------------------------------------------------===*/
#include <ame.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

enum {
  ACCOUNTS = 1 << 14,        /* spread out: two transfers rarely collide */
  INITIAL_BALANCE = 1000,
  AUDIT_EVERY = 2000,        /* one audit per this many transfers        */
  HISTORY = 8,               /* recent amounts remembered per account     */
};

struct account {
  long balance;
  long transfers;            /* transfers this account took part in */
  int history[HISTORY];      /* last amounts moved, newest at [0]    */
};

static struct account bank[ACCOUNTS];
static const long expected_total = (long)ACCOUNTS * INITIAL_BALANCE;

struct worker {
  pthread_t thread;
  int id;
  long transfers;            /* to do */
  uint64_t rng;
  long done, refused;        /* refused: source could not cover it */
  long audits, violations;   /* an audit saw a total != expected   */
  struct ame_stats stats;
};

static uint64_t next_random(uint64_t *state) {
  uint64_t x = *state; /* xorshift64 */
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *state = x;
}

static void remember(struct account *a, int amount) {
  for (int i = HISTORY - 1; i > 0; i--)
    a->history[i] = a->history[i - 1];
  a->history[0] = amount;
  a->transfers++;
}

/* Called inside the atomic block: instrumented as part of the transaction. */
static int transfer(struct account *from, struct account *to, int amount) {
  if (from->balance < amount)
    return 0;
  from->balance -= amount;
  to->balance += amount;
  remember(from, -amount);
  remember(to, amount);
  return 1;
}

static long audit(void) {
  long total = 0;
  for (int i = 0; i < ACCOUNTS; i++)
    total += bank[i].balance;
  return total;
}

static void *work(void *arg) {
  struct worker *w = arg;
  for (long n = 0; n < w->transfers; n++) {
    if (n % AUDIT_EVERY == AUDIT_EVERY - 1) {
      long seen;
      ame_atomic { seen = audit(); }
      w->audits++;
      w->violations += seen != expected_total;
      continue;
    }
    uint64_t r = next_random(&w->rng);
    struct account *from = &bank[r % ACCOUNTS];
    struct account *to = &bank[(r >> 20) % ACCOUNTS];
    int amount = 1 + (int)((r >> 40) % 200);
    if (from == to)
      continue;
    int ok;
    ame_atomic { ok = transfer(from, to, amount); }
    w->done += ok;
    w->refused += !ok;
  }
  ame_stats_thread(&w->stats);
  return NULL;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t sum_aborts(const struct ame_stats *s) {
  uint64_t n = 0;
  for (int c = 0; c < AME_ABORT_CAUSE_COUNT; c++)
    n += s->aborts[c];
  return n;
}

/* Runs `total` transfers on `threads` threads; returns 0 if the bank is
 * consistent afterwards. */
static int run(int threads, long total, double *seconds, int verbose) {
  for (int i = 0; i < ACCOUNTS; i++)
    bank[i] = (struct account){.balance = INITIAL_BALANCE};
  struct worker *w = calloc((size_t)threads, sizeof *w);
  if (!w) {
    perror("calloc");
    exit(2);
  }
  double start = now();
  for (int t = 0; t < threads; t++) {
    w[t].id = t;
    w[t].transfers = total / threads + (t < total % threads);
    w[t].rng = 0x9E3779B97F4A7C15ull * (uint64_t)(t + 1);
    if (pthread_create(&w[t].thread, NULL, work, &w[t])) {
      perror("pthread_create");
      exit(2);
    }
  }
  for (int t = 0; t < threads; t++)
    pthread_join(w[t].thread, NULL);
  *seconds = now() - start;

  long done = 0, refused = 0, audits = 0, violations = 0, moved = 0;
  uint64_t commits = 0, aborts = 0;
  for (int t = 0; t < threads; t++) {
    done += w[t].done;
    refused += w[t].refused;
    audits += w[t].audits;
    violations += w[t].violations;
    commits += w[t].stats.commits;
    aborts += sum_aborts(&w[t].stats);
  }
  for (int i = 0; i < ACCOUNTS; i++)
    moved += bank[i].transfers;
  long final_total = audit();
  int ok = final_total == expected_total && violations == 0 && moved == 2 * done;

  printf("%2d thread%s  %7.3f s  %9llu commits  %7llu aborts  %ld transfers "
         "(%ld refused)  %ld audits\n",
         threads, threads == 1 ? " " : "s", *seconds,
         (unsigned long long)commits, (unsigned long long)aborts, done, refused,
         audits);
  if (verbose) {
    for (int t = 0; t < threads; t++)
      printf("    thread %d: %llu commits (%llu read-only, %llu inevitable), "
             "%llu aborts, at most %llu attempts for one block\n",
             t, (unsigned long long)w[t].stats.commits,
             (unsigned long long)w[t].stats.read_only_commits,
             (unsigned long long)w[t].stats.inevitable_commits,
             (unsigned long long)sum_aborts(&w[t].stats),
             (unsigned long long)w[t].stats.max_attempts);
    printf("    total money %ld (expected %ld), %ld audits saw a wrong total, "
           "account histories count %ld moves for %ld transfers\n",
           final_total, expected_total, violations, moved, 2 * done);
  }
  free(w);
  return ok ? 0 : 1;
}

int main(int argc, char **argv) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int threads = argc > 1 ? atoi(argv[1]) : (int)(cpus > 1 ? cpus : 2);
  long total = argc > 2 ? atol(argv[2]) : 2000000;
  if (threads < 1 || total < 1) {
    fprintf(stderr, "usage: %s [threads] [transfers]\n", argv[0]);
    return 2;
  }
  printf("AME bank: %d accounts, %ld transfers (one atomic block each), an "
         "audit of all accounts every %d\n",
         ACCOUNTS, total, AUDIT_EVERY);

  double t1, tn;
  int bad = run(1, total, &t1, 0);
  bad |= run(threads, total, &tn, 1);
  printf("speedup with %d threads: %.2fx (%ld cores online)\n", threads,
         t1 / tn, cpus);
  printf("%s\n", bad ? "FAILED: the bank lost or created money"
                     : "OK: no money lost or created, every audit balanced");
  return bad;
}
