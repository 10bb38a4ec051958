// frexp, modf, sincos, remquo and lgamma_r (double, float and long double
// variants) write results through pointers: in a block they run as they
// are, writing into private slots, and each result goes to the program's
// memory through a barrier. They made the block serial before (Lua hashes
// every float key with frexp). lgamma, lgammaf and lgammal, which set the
// global signgam, run as lgamma_r(x, &signgam), so the store to signgam is
// the block's own: each block reads back its own call's sign, although the
// two threads' signs differ. Two threads store the results into shared
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
  int exp, expf, expl, quo, sign, signs;
  double lg2;
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
// IR: call double @lgamma_r(double %{{[0-9]+}}, ptr nocapture %[[SIGN:[0-9]+]])
// IR-NEXT: %[[S:[0-9]+]] = load i32, ptr %[[SIGN]],
// IR-NEXT: call void @__ame_store_4(ptr %0, ptr @signgam, i32 %[[S]],
// IR: call float @lgammaf_r(float
// IR: call x86_fp80 @lgammal_r(x86_fp80
__attribute__((noinline)) static void compute(struct results *r, double x) {
  r->frac = frexp(x, &r->exp);
  r->fracf = frexpf((float)x, &r->expf);
  r->fracl = frexpl((long double)x, &r->expl);
  r->frac += modf(x, &r->whole);
  r->fracf += modff((float)x, &r->wholef);
  sincos(x, &r->s, &r->c);
  r->rem = remquo(x, 0.75, &r->quo);
  r->lg = lgamma_r(x, &r->sign);
  r->lg2 = lgamma(x);
  r->signs = signgam;
  r->lg2 += lgammaf((float)x);
  r->signs += 2 * signgam;
  r->lg2 += (double)lgammal((long double)x);
  r->signs += 4 * signgam;
}

// The signs lgamma, lgammaf and lgammal give x, as compute() packs them.
static int signs(double x) {
  int s, sf, sl;
  lgamma_r(x, &s);
  lgammaf_r((float)x, &sf);
  lgammal_r((long double)x, &sl);
  return s + 2 * sf + 4 * sl;
}

// Thread 0's x are negative, where the sign of gamma alternates; thread
// 1's positive.
static void *worker(void *arg) {
  int id = (int)(long)arg;
  long mixed = 0;
  for (int i = 0; i < ROUNDS; i++) {
    double x = 1000.0 * id + i / 7.0 - 300.25;
    ame_atomic { compute(&shared[id], x); }
    mixed += shared[id].signs != signs(x);
  }
  return (void *)mixed;
}

int main(void) {
  pthread_t t[2];
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  long mixed = 0;
  for (int i = 0; i < 2; i++) {
    void *r;
    pthread_join(t[i], &r);
    mixed += (long)r;
  }
  // CHECK: signgam of another block's call: 0
  printf("signgam of another block's call: %ld\n", mixed);
  int same = 1;
  for (int id = 0; id < 2; id++) {
    struct results plain;
    memset(&plain, 0, sizeof plain);
    compute(&plain, 1000.0 * id + (ROUNDS - 1) / 7.0 - 300.25);
    same &= !memcmp(&plain, &shared[id], sizeof plain);
  }
  // CHECK-NEXT: exp 11 quo {{-?[0-9]+}} sign 1; same as plain calls: yes
  printf("exp %d quo %d sign %d; same as plain calls: %s\n", shared[1].exp,
         shared[1].quo, shared[1].sign, same ? "yes" : "no");
  // CHECK-NEXT: inevitable commits 0
  struct ame_stats s;
  ame_stats_total(&s);
  printf("inevitable commits %llu\n", (unsigned long long)s.inevitable_commits);
  return 0;
}
