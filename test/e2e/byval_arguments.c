// A struct passed by value to a function the block calls (larger than two registers, holding a long double, or passed through `...`) is the value the transaction sees: its own writes before the call, a callee's result written through its barriers, and never a half-committed write of another thread (the call copies the argument from memory itself, so the pass copies it through barriers first). Wrong before: 0 or stack garbage for the writes, and torn structs under a concurrent writer.
// RUN: %ame_cc -O0 %s -o %t.O0 -lpthread && %t.O0 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2 -lpthread && %t.O2 | FileCheck %s
// RUN: %ame_cc -O3 %s -o %t.O3 -lpthread && %t.O3 | FileCheck %s
// CHECK: made 5
// CHECK-NEXT: written 20 30
// CHECK-NEXT: three 59 33
// CHECK-NEXT: varargs 4115
// CHECK-NEXT: long double 10.5
// CHECK-NEXT: on the stack 109 11
// CHECK-NEXT: torn 0
#include <ame.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

struct Big { long v[40]; };
struct Five { long v[5]; };
struct Three { long a, b, c; };
struct WithLongDouble { long double x; int k; };

static struct Big global_big;
static struct Three global_three = {1, 2, 3};

__attribute__((noinline)) static struct Five make(long k) {
  struct Five f = {{k, k, k, k, k}};
  return f;
}
__attribute__((noinline)) static long last(struct Five f) { return f.v[4]; }
/* A local of a transactional function is passed as it is (it lies on the
 * attempt's stack, which barriers write in place): fill's barriered writes
 * must be what the call copies. */
__attribute__((noinline)) static void fill(struct Five *f, long k) {
  for (int i = 0; i < 5; i++)
    f->v[i] = k + i;
}
__attribute__((noinline)) static long filled_last(long k) {
  struct Five f;
  fill(&f, k);
  f.v[4] += 100;
  return last(f);
}
__attribute__((noinline)) static long big_last(struct Big b) { return b.v[39]; }
__attribute__((noinline)) static long sum3(struct Three t) {
  return t.a + t.b + t.c;
}
__attribute__((noinline)) static long double scaled(struct WithLongDouble w) {
  return w.x * w.k;
}
static long weighted(int n, ...) {
  va_list ap;
  va_start(ap, n);
  long s = 0;
  for (int i = 0; i < n; i++) {
    struct Three t = va_arg(ap, struct Three);
    s += t.a + t.b * 10 + t.c * 100;
  }
  va_end(ap);
  return s;
}

/* A writer keeps every field of shared equal; the reader's callee checks. */
struct Same { long a, b, c, d[13]; };
static struct Same shared;
static volatile int writer_done;

__attribute__((noinline)) static int torn(struct Same s) {
  return s.a != s.b || s.b != s.c || s.c != s.d[12];
}

static void *writer(void *arg) {
  (void)arg;
  for (long i = 0; i < 200000; i++)
    ame_atomic {
      shared.a++;
      shared.d[12]++;
      shared.b++;
      shared.c++;
    }
  writer_done = 1;
  return NULL;
}

int main(void) {
  long made, local_written, global_written, three_local, three_global;
  long varargs;
  long double ld;
  struct Big local_big = {{0}};
  struct Three three = {4, 5, 6};
  struct WithLongDouble w = {1.5L, 2};
  ame_atomic { made = last(make(5)); }
  printf("made %ld\n", made);
  ame_atomic {
    local_big.v[39] = 20;
    local_written = big_last(local_big);
  }
  ame_atomic {
    global_big.v[39] = 30;
    global_written = big_last(global_big);
  }
  printf("written %ld %ld\n", local_written, global_written);
  ame_atomic {
    three.b = 49;
    global_three.c = 30;
    w.k = 7;
    three_local = sum3(three);
    three_global = sum3(global_three);
    varargs = weighted(2, three, global_three);
    ld = scaled(w);
  }
  printf("three %ld %ld\n", three_local, three_global);
  printf("varargs %ld\n", varargs);
  printf("long double %Lg\n", ld);
  long on_stack, in_region;
  ame_atomic {
    on_stack = filled_last(5);
    struct Five g;
    fill(&g, 7);
    in_region = last(g);
  }
  printf("on the stack %ld %ld\n", on_stack, in_region);

  pthread_t t;
  pthread_create(&t, NULL, writer, NULL);
  long bad = 0;
  while (!writer_done) {
    int b;
    ame_atomic { b = torn(shared); }
    bad += b;
  }
  pthread_join(t, NULL);
  printf("torn %ld\n", bad);
  return 0;
}
