// Functions of a library built without AME, declared AME_SAFE, run inside blocks without serial mode: a pure one as it is (no inevitable commit), ones that read or write argument ranges (AME_SAFE_READS/WRITES/STRING) inevitably beside other blocks with those ranges locked, so a buffer that blocks on 2 threads refill and sum is never seen half-filled. An annotation that does not fit the call goes serial, with a remark saying why.
// RUN: %clang -O2 -c %S/Inputs/safe_helpers.c -o %t.helpers.o
// RUN: %ame_cc -O2 %s %t.helpers.o -o %t
// RUN: %t 2 | FileCheck %s
// RUN: %ame_cc -O2 -c -o /dev/null -Rpass='^ame$' -Rpass-missed='^ame$' %s 2>&1 | FileCheck %s --check-prefix=REMARK
// CHECK: mixed 0 inevitable, 0 serial
// CHECK-NEXT: buffers whole: yes
// CHECK-NEXT: inevitable, not serial: yes
// CHECK-NEXT: misfit serial: yes
#include <ame.h>

#include <stdio.h>
#include <string.h>

#include "Inputs/threads.h"

AME_SAFE long safe_mix(long x);
AME_SAFE AME_SAFE_READS(0, 1) long safe_sum(const unsigned char *p, size_t n);
AME_SAFE AME_SAFE_WRITES(0, 1) void safe_fill(unsigned char *p, size_t n, int c);
AME_SAFE AME_SAFE_STRING(0) size_t safe_len(const char *s);
/* Argument 2 does not exist. */
AME_SAFE AME_SAFE_READS(2, 1) long safe_sum_again(const unsigned char *p, size_t n);

enum { ITERS = 20000, BUF = 200 };
static long mixed;
static unsigned char buffer[BUF];
static char name[32] = "transactional";
static long bad;

static void *work(void *arg) {
  long id = (long)arg, bad_sums = 0;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ITERS; i++) {
    if ((i + id) % 2) {
      // REMARK-DAG: [[@LINE+1]]:{{[0-9]+}}: remark: call to safe_fill is declared AME_SAFE: the transaction becomes inevitable here and others keep running
      ame_atomic { safe_fill(buffer, BUF, (int)(i % 200) + (int)safe_len(name)); }
    } else {
      long s;
      ame_atomic { s = safe_sum(buffer, BUF); }
      /* Every byte is the same value c: the sum is BUF * c. */
      bad_sums += s % BUF != 0;
    }
  }
  return (void *)bad_sums;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  if (!n)
    return 2;
  struct ame_stats before, after;
  ame_stats_total(&before);
  for (long i = 0; i < 1000; i++) {
    // REMARK-DAG: [[@LINE+1]]:{{[0-9]+}}: remark: call to safe_mix is declared AME_SAFE: it runs as it is
    ame_atomic { mixed += safe_mix(i); }
  }
  ame_stats_total(&after);
  printf("mixed %llu inevitable, %llu serial\n",
         (unsigned long long)(after.inevitable_commits - before.inevitable_commits),
         (unsigned long long)(after.serial_commits - before.serial_commits));
  long bad_sums = e2e_run(n, work);
  ame_stats_total(&before);
  printf("buffers whole: %s\n", bad_sums == 0 ? "yes" : "no");
  printf("inevitable, not serial: %s\n",
         before.inevitable_commits - after.inevitable_commits == (unsigned long long)n * ITERS &&
                 before.serial_commits == after.serial_commits
             ? "yes"
             : "no");
  // REMARK-DAG: [[@LINE+1]]:{{[0-9]+}}: remark: call to safe_sum_again cannot be bounded (its AME_SAFE_READS(2,1) does not fit the call
  ame_atomic { bad = safe_sum_again(buffer, BUF); }
  ame_stats_total(&after);
  printf("misfit serial: %s\n", after.serial_commits - before.serial_commits == 1 ? "yes" : "no");
  return 0;
}
