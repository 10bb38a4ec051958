// frexp, modf, sincos, remquo and lgamma_r (double, float and long double
// variants) write results through pointers: in a block they run as they
// are, writing into private slots, and each result goes to the program's
// memory through a barrier. They made the block serial before (Lua hashes
// every float key with frexp). Two threads store the results into shared
// memory in blocks; the results equal plain calls', and no block goes
// inevitable. At -O0 and -O2.
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib -lpthread -lm && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib -lpthread -lm && %t.O2 | FileCheck %s
// RUN: %ame_clang -O2 -c %s -o /dev/null -Rpass=ame 2>&1 | FileCheck %s --check-prefix=REMARK
#define _GNU_SOURCE
#include <ame.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct results {
  double frac, whole, s, c, rem, lg;
  float fracf, wholef;
  long double fracl;
  int exp, expf, expl, quo, sign;
};

#define ROUNDS 5000
static struct results shared[2];

// IR-LABEL: define {{.*}}@compute.ame.tx(
// IR-NOT: __ame_irrevocable
// IR: call double @frexp(double {{.*}}, ptr {{.*}}%[[SLOT:[0-9a-z.]+]])
// IR: %[[E:.*]] = load i32, ptr %[[SLOT]]
// IR: call {{.*}}@__ame_store_4(ptr {{.*}}, ptr {{.*}}, i32 {{.*}}%[[E]]
// REMARK: remark: call to frexp runs as it is: it writes its results into private slots, stored to the program's memory through barriers
// REMARK: remark: call to sincos runs as it is
// REMARK: remark: call to lgamma_r runs as it is
__attribute__((noinline)) static void compute(struct results *r, double x) {
  r->frac = frexp(x, &r->exp);
  r->fracf = frexpf((float)x, &r->expf);
  r->fracl = frexpl((long double)x, &r->expl);
  r->frac += modf(x, &r->whole);
  r->fracf += modff((float)x, &r->wholef);
  sincos(x, &r->s, &r->c);
  r->rem = remquo(x, 0.75, &r->quo);
  r->lg = lgamma_r(x, &r->sign);
}

static void *worker(void *arg) {
  int id = (int)(long)arg;
  for (int i = 0; i < ROUNDS; i++)
    ame_atomic { compute(&shared[id], 1000.0 * id + i / 7.0 - 300.25); }
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  int same = 1;
  for (int id = 0; id < 2; id++) {
    struct results plain;
    memset(&plain, 0, sizeof plain);
    compute(&plain, 1000.0 * id + (ROUNDS - 1) / 7.0 - 300.25);
    same &= !memcmp(&plain, &shared[id], sizeof plain);
  }
  // CHECK: exp 11 quo {{-?[0-9]+}} sign 1; same as plain calls: yes
  printf("exp %d quo %d sign %d; same as plain calls: %s\n", shared[1].exp,
         shared[1].quo, shared[1].sign, same ? "yes" : "no");
  // CHECK-NEXT: inevitable commits 0
  struct ame_stats s;
  ame_stats_total(&s);
  printf("inevitable commits %llu\n", (unsigned long long)s.inevitable_commits);
  return 0;
}
