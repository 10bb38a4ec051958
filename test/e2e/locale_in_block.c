// uselocale, newlocale, duplocale and freelocale in blocks run
// transactionally (json-c's tokener switches the thread to the "C" numeric
// locale around every parse this way): no commit turns inevitable or
// serial. An attempt that aborts while its own locale is in force gives the
// thread back the locale it had, and frees the objects it created (LSan
// sees no leak); a locale object older than the block that the block frees
// or passes to newlocale as its base stays usable until the block commits
// (ASan sees no use after free). A committed block's objects are never
// touched by a later abort, also of a new thread that reuses the exited
// thread's runtime state.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t | FileCheck %s
// RUN: %ame_cc -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %if asan %{ %ame_cc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all %s -o %t.asan %}
// RUN: %if asan %{ %t.asan | FileCheck %s %}
// CHECK: committed object after another thread's abort: 4.5
// CHECK-NEXT: parsed 2000 wrong 0
// CHECK-NEXT: thread locale restored after abort: yes
// CHECK-NEXT: older objects: 3.25 3.25
// CHECK-NEXT: aborted attempts: yes
// CHECK-NEXT: inevitable 0, serial 0
// IR-DAG: call ptr @__ame_uselocale(
// IR-DAG: call ptr @__ame_newlocale(
// IR-DAG: call ptr @__ame_duplocale(
// IR-DAG: call void @__ame_freelocale(
#define _GNU_SOURCE
#include <ame.h>

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char text[32] = "1.5";
static double total;
static long parsed;
// On lines of their own: the switcher's writes lock its lines until it
// commits, and the writer must get to x and flag meanwhile.
static _Alignas(64) long x;
static _Alignas(64) long flag;
static _Alignas(64) int entered;

// json-c's json_tokener_parse_ex, reduced.
static double parse_in_c_locale(const char *s) {
  locale_t old = uselocale((locale_t)0);
  locale_t dup = duplocale(old);
  locale_t c = newlocale(LC_NUMERIC_MASK, "C", dup);
  uselocale(c);
  double d = strtod(s, NULL);
  uselocale(old);
  freelocale(c);
  return d;
}

static void *parser(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++)
    ame_atomic {
      total += parse_in_c_locale(text);
      parsed++;
    }
  return NULL;
}

// volatile: else -O2 hoists the read out of the wait.
static long read_flag(void) { return *(volatile long *)&flag; }

static locale_t older, base; // created before the block
static _Alignas(64) double a, b;

// The block reads x, uses and frees older objects, switches the locale,
// and waits for the writer to change x: that attempt aborts with its own
// locale in force; the next one finds flag set and commits.
static void *switcher(void *arg) {
  locale_t *before = arg;
  ame_atomic {
    int *e = ame_private(&entered, sizeof entered);
    *before = uselocale((locale_t)0);
    long seen = x;
    uselocale(older);
    a = strtod("3.25", NULL);
    uselocale(base);
    b = strtod("3.25", NULL);
    uselocale(LC_GLOBAL_LOCALE);
    locale_t n = newlocale(LC_CTYPE_MASK, "C", base);
    freelocale(older);
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    uselocale(c);
    *e = 1;
    // Bounded: a block gone serial would wait for the writer forever.
    for (long i = 0; !read_flag() && i < 100000000; i++)
      ;
    x = seen + 1;
    uselocale(LC_GLOBAL_LOCALE);
    freelocale(c);
    freelocale(n);
  }
  return NULL;
}

static locale_t kept;

// A thread whose only block creates a locale object and commits.
static void *keeper(void *arg) {
  (void)arg;
  ame_atomic { kept = duplocale(LC_GLOBAL_LOCALE); }
  return NULL;
}

// Then a new thread (which takes over the keeper's descriptor, statistics
// reset) whose first block aborts before any locale call: the abort must
// leave the keeper's committed object alone.
static void *plain_aborter(void *arg) {
  (void)arg;
  ame_atomic {
    int *e = ame_private(&entered, sizeof entered);
    long seen = x;
    *e = 1;
    for (long i = 0; !read_flag() && i < 100000000; i++)
      ;
    x = seen + 1;
  }
  return NULL;
}

static void *writer(void *arg) {
  (void)arg;
  while (!__atomic_load_n(&entered, __ATOMIC_ACQUIRE))
    ;
  ame_atomic {
    x++;
    flag = 1;
  }
  return NULL;
}

int main(void) {
  pthread_t t[2];
  // First, while no other thread has used AME: the aborter gets the
  // keeper's descriptor, and main (the writer here) a new one.
  pthread_create(&t[0], NULL, keeper, NULL);
  pthread_join(t[0], NULL);
  pthread_create(&t[0], NULL, plain_aborter, NULL);
  writer(NULL);
  pthread_join(t[0], NULL);
  uselocale(kept);
  double k = strtod("4.5", NULL);
  uselocale(LC_GLOBAL_LOCALE);
  freelocale(kept);
  x = flag = entered = 0;

  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, parser, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  printf("committed object after another thread's abort: %g\n", k);
  printf("parsed %ld wrong %d\n", parsed, total != 1.5 * 2000);

  older = newlocale(LC_NUMERIC_MASK, "C", duplocale(LC_GLOBAL_LOCALE));
  base = newlocale(LC_NUMERIC_MASK, "C", duplocale(LC_GLOBAL_LOCALE));
  locale_t before = NULL;
  pthread_create(&t[0], NULL, switcher, &before);
  pthread_create(&t[1], NULL, writer, NULL);
  pthread_join(t[0], NULL);
  pthread_join(t[1], NULL);
  // The committed attempt found the global locale in force at its start
  // only if the aborted one's switch was undone.
  printf("thread locale restored after abort: %s\n",
         before == LC_GLOBAL_LOCALE && x == 2 ? "yes" : "no");
  printf("older objects: %g %g\n", a, b);


  struct ame_stats s;
  ame_stats_total(&s);
  uint64_t aborts = 0;
  for (int i = 0; i < AME_ABORT_CAUSE_COUNT; i++)
    aborts += s.aborts[i];
  printf("aborted attempts: %s\n", aborts >= 1 ? "yes" : "no");
  printf("inevitable %lu, serial %lu\n", (unsigned long)s.inevitable_commits,
         (unsigned long)s.serial_commits);
  return 0;
}
