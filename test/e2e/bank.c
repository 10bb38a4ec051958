// Random transfers between shared accounts never change the total, not even as seen by an audit that sums every account inside a transaction.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: total 64000 expected 64000
// CHECK-NEXT: audit violations 0
// CHECK-NEXT: negative balances 0
// CHECK-NEXT: transfers counted inside = transfers counted by threads
// CHECK-NEXT: PASS

#include <ame.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_barrier_t start_line; /* all threads start together */

enum {
  ACCOUNTS = 64, /* 8 cache lines of balances: plenty of conflicts */
  INITIAL = 1000,
  OPS = 20000,   /* per thread */
  AUDIT_EVERY = 16,
};

static long balance[ACCOUNTS];
static long transfers_done; /* incremented inside every successful transfer */
static const long expected_total = (long)ACCOUNTS * INITIAL;

struct worker {
  pthread_t thread;
  uint64_t rng;
  long transfers, audits, violations, negatives;
};

static uint64_t next_random(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *s = x;
}

static void *work(void *arg) {
  struct worker *w = arg;
  pthread_barrier_wait(&start_line);
  for (int op = 0; op < OPS; op++) {
    uint64_t r = next_random(&w->rng);
    if (op % AUDIT_EVERY == 0) {
      long total = 0, negative = 0;
      ame_atomic {
        for (int i = 0; i < ACCOUNTS; i++) {
          total += balance[i];
          negative += balance[i] < 0;
        }
      }
      w->audits++;
      w->violations += total != expected_total;
      w->negatives += negative != 0;
      continue;
    }
    int from = (int)(r % ACCOUNTS);
    int to = (int)((r >> 16) % ACCOUNTS);
    int via = (int)((r >> 32) % ACCOUNTS);
    long amount = 1 + (long)((r >> 48) % 300);
    int moved = 0;
    ame_atomic {
      /* Two legs through a third account; the middle state (money sitting
       * in `via`) is never visible to an audit. */
      if (balance[from] >= amount) {
        balance[from] -= amount;
        balance[via] += amount;
        balance[via] -= amount;
        balance[to] += amount;
        transfers_done++;
        moved = 1;
      }
    }
    w->transfers += moved;
  }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 4;
  if (threads < 1 || threads > 64)
    return 2;
  for (int i = 0; i < ACCOUNTS; i++)
    balance[i] = INITIAL;

  struct worker w[64] = {{0}};
  pthread_barrier_init(&start_line, NULL, (unsigned)threads);
  for (int t = 0; t < threads; t++) {
    w[t].rng = 0x2545F4914F6CDD1Dull * (uint64_t)(t + 1);
    if (pthread_create(&w[t].thread, NULL, work, &w[t]))
      return 2;
  }
  long transfers = 0, audits = 0, violations = 0, negatives = 0;
  for (int t = 0; t < threads; t++) {
    pthread_join(w[t].thread, NULL);
    transfers += w[t].transfers;
    audits += w[t].audits;
    violations += w[t].violations;
    negatives += w[t].negatives;
  }

  long total = 0, negative = 0;
  for (int i = 0; i < ACCOUNTS; i++) {
    total += balance[i];
    negative += balance[i] < 0;
  }
  int ok = total == expected_total && violations == 0 && negatives == 0 &&
           negative == 0 && transfers == transfers_done &&
           audits == (long)threads * (OPS / AUDIT_EVERY);
  printf("total %ld expected %ld\n", total, expected_total);
  printf("audit violations %ld\n", violations);
  printf("negative balances %ld\n", negatives + negative);
  printf("transfers counted inside %s transfers counted by threads\n",
         transfers == transfers_done ? "=" : "!=");
  fprintf(stderr, "%d threads: %ld transfers, %ld audits\n", threads,
          transfers, audits);
  printf("%s\n", ok ? "PASS" : "FAIL");
  return !ok;
}
