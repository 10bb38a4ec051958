// localeconv runs as it is in a block: code that formats or parses numbers
// with the locale's decimal point (Lua's tostring, cJSON) reads it through
// localeconv, and the block made serial at that call before. Two threads
// format numbers in blocks; every block commits without going inevitable
// and finds the decimal point a plain call finds. At -O0 and -O2.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib -lpthread && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib -lpthread && %t.O2 | FileCheck %s
#include <ame.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define ROUNDS 20000

static char shared_point[2][ROUNDS % 7 + 8];
static long formatted[2];

// IR-LABEL: define {{.*}}@format_number.ame.tx(
// IR-NOT: __ame_irrevocable
// IR: call ptr @localeconv()
// IR: ret
static void format_number(int id, long i) {
  char *point = localeconv()->decimal_point;
  // The integer part, the locale's point, one digit: as Lua's tostring.
  snprintf(shared_point[id], sizeof shared_point[id], "%ld%c%ld", i % 1000,
           point[0], i % 10);
  formatted[id]++;
}

static void *worker(void *arg) {
  int id = (int)(long)arg;
  for (long i = 0; i < ROUNDS; i++)
    ame_atomic { format_number(id, i); }
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  // CHECK: formatted 20000 20000, last 999.9 999.9, plain point .
  printf("formatted %ld %ld, last %s %s, plain point %s\n", formatted[0],
         formatted[1], shared_point[0], shared_point[1],
         localeconv()->decimal_point);
  // CHECK-NEXT: inevitable commits 0
  struct ame_stats s;
  ame_stats_total(&s);
  printf("inevitable commits %llu\n", (unsigned long long)s.inevitable_commits);
  return 0;
}
