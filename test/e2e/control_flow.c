// return, goto, break and continue out of atomic blocks, nested blocks and AME_ATOMIC functions behave as in plain C, and their shared updates commit exactly once.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
// The same source without the plugin (blocks are plain blocks) prints the
// same on one thread:
// RUN: %clang -O0 -I%S/../../include %s -o %t.plain -lpthread
// RUN: %t.plain 1 > %t.plain.out
// RUN: %t.O0 1 > %t.O0.out
// RUN: %t.O2 1 > %t.O2.out
// RUN: diff %t.plain.out %t.O0.out
// RUN: diff %t.plain.out %t.O2.out
//
// CHECK: find: 3 -1 0
// CHECK-NEXT: early return: -2 7
// CHECK-NEXT: goto: 1 12 out
// CHECK-NEXT: break: 1 then 2
// CHECK-NEXT: continue: 5 then 6
// CHECK-NEXT: break around: 4
// CHECK-NEXT: loop inside: 3 switch: 12
// CHECK-NEXT: nested: 5 inner return 42
// CHECK-NEXT: atomic fn: 10 20 0
// CHECK-NEXT: block result: 55
// CHECK-NEXT: threads: exact
// CHECK-NEXT: PASS

#include <ame.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_barrier_t start_line; /* all threads start together */

static long calls, sum, gotos, breaks, pair_a, pair_b, nested_count;

/* return from inside a loop inside a block */
static int find(const int *a, int n, int x) {
  ame_atomic {
    calls++;
    for (int i = 0; i < n; i++)
      if (a[i] == x)
        return i;
  }
  return -1;
}

/* a shared update before an early return commits */
static long early_return(long x) {
  ame_atomic {
    calls++;
    if (x < 0)
      return -2;
    sum += x;
  }
  return sum;
}

/* goto out of a block, past code in the block */
static const char *jump(int leave) {
  ame_atomic {
    gotos++;
    if (leave)
      goto out;
    gotos += 10;
  }
  return "fallthrough";
out:
  return "out";
}

/* break / continue directly inside a block leave the block */
static int leave_by_break(int stop) {
  int v = 0;
  ame_atomic {
    v = 1;
    breaks++;
    if (stop)
      break;
    v = 2;
  }
  return v;
}

static int leave_by_continue(int stop) {
  int v = 0;
  ame_atomic {
    v = 5;
    if (stop)
      continue;
    v = 6;
  }
  return v;
}

/* a break in a block cannot reach the loop around the block */
static int break_around(void) {
  int n = 0;
  for (int i = 0; i < 5; i++) {
    ame_atomic {
      if (i == 2)
        break;
      n++;
    }
  }
  return n;
}

/* break inside a loop or switch within a block stays there */
static int loop_inside(int *sw) {
  int n = 0;
  ame_atomic {
    for (int i = 0; i < 10; i++) {
      if (i == 3)
        break;
      n++;
    }
    switch (n) {
    case 3:
      *sw = 12;
      break;
    default:
      *sw = -1;
      break;
    }
  }
  return n;
}

/* nested blocks join the outer one; return from the inner one */
static int nested(int leave) {
  ame_atomic {
    nested_count++;
    ame_atomic {
      nested_count++;
      if (leave)
        return 42;
    }
    nested_count++;
  }
  return (int)nested_count;
}

/* every call is a block, or joins the enclosing one */
AME_ATOMIC static long add_pair(long v) {
  pair_a += v;
  pair_b += v;
  return pair_a - pair_b;
}

static long block_result(void) {
  long r = 0;
  ame_atomic {
    for (int i = 1; i <= 10; i++)
      r += i;
  }
  return r;
}

struct worker {
  pthread_t thread;
  long skew;
};

enum { ITERS = 20000 };

static void *work(void *arg) {
  struct worker *w = arg;
  pthread_barrier_wait(&start_line);
  int data[4] = {7, 8, 9, 10};
  for (int i = 0; i < ITERS; i++) {
    w->skew += find(data, 4, 9) != 2;
    w->skew += early_return(-1) != -2;
    early_return(1);
    jump(i & 1);
    leave_by_break(i & 1);
    w->skew += add_pair(1) != 0;
    ame_atomic { w->skew += add_pair(2); }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 4;
  if (threads < 1 || threads > 64)
    return 2;

  int a[5] = {4, 8, 15, 16, 23};
  printf("find: %d %d %d\n", find(a, 5, 16), find(a, 5, 42), find(a, 5, 4));
  long r1 = early_return(-5);
  long r2 = early_return(7);
  printf("early return: %ld %ld\n", r1, r2);
  const char *where = jump(1);
  printf("goto: %ld", gotos);
  jump(0);
  printf(" %ld %s\n", gotos, where);
  printf("break: %d then %d\n", leave_by_break(1), leave_by_break(0));
  printf("continue: %d then %d\n", leave_by_continue(1), leave_by_continue(0));
  printf("break around: %d\n", break_around());
  int sw = 0;
  int n = loop_inside(&sw);
  printf("loop inside: %d switch: %d\n", n, sw);
  nested_count = 0;
  int inner = nested(1);
  printf("nested: %d", nested(0));
  printf(" inner return %d\n", inner);
  long d1 = add_pair(10);
  long a1 = pair_a;
  long d2 = add_pair(10);
  printf("atomic fn: %ld %ld %ld\n", a1, pair_a, d1 + d2);
  printf("block result: %ld\n", block_result());

  /* Same functions on several threads: exact totals. */
  calls = sum = gotos = breaks = pair_a = pair_b = 0;
  struct worker w[64] = {{0}};
  pthread_barrier_init(&start_line, NULL, (unsigned)threads);
  for (int t = 0; t < threads; t++)
    if (pthread_create(&w[t].thread, NULL, work, &w[t]))
      return 2;
  long skew = 0;
  for (int t = 0; t < threads; t++) {
    pthread_join(w[t].thread, NULL);
    skew += w[t].skew;
  }
  long T = threads;
  int exact = skew == 0 && calls == T * ITERS * 3 && sum == T * ITERS &&
              gotos == T * (ITERS / 2) * 1 + T * (ITERS / 2) * 11 &&
              breaks == T * ITERS && pair_a == T * ITERS * 3 &&
              pair_b == pair_a;
  printf("threads: %s\n", exact ? "exact" : "WRONG");
  if (!exact)
    fprintf(stderr,
            "skew %ld calls %ld sum %ld gotos %ld breaks %ld pair %ld/%ld\n",
            skew, calls, sum, gotos, breaks, pair_a, pair_b);
  printf("%s\n", exact ? "PASS" : "FAIL");
  return !exact;
}
