// Without AME_ORDERED, iterations commit in some serial order: commutative updates add up exactly, tickets drawn by the iterations are a permutation, and a shared list holds them in ticket order; also for a body of another file, built with or without the plugin; a loop inside a block runs there, in order.
// RUN: %ame_cc -O2 %s %S/Inputs/parallel_body_helper.c -o %t
// RUN: %t 1 | FileCheck %s
// RUN: %t 2 | FileCheck %s
// RUN: %t 4 | FileCheck %s
// RUN: %clang -O2 -c %S/Inputs/parallel_body_helper.c -o %t.plain.o
// RUN: %ame_cc -O2 %s %t.plain.o -o %t.plain
// RUN: %t.plain 2 | FileCheck %s
//
// CHECK: sums exact
// CHECK-NEXT: tickets a permutation, list in ticket order
// CHECK-NEXT: other file: tickets a permutation
// CHECK-NEXT: zero iterations: nothing ran
// CHECK-NEXT: inside a block: 100 iterations in order, in the block
// CHECK-NEXT: PASS

#include <ame.h>

#include <stdio.h>
#include <stdlib.h>

enum { N = 4000, COUNTERS = 8 };

long ticket;
long seen[N];
static long sums[COUNTERS];

struct node {
  struct node *next;
  long ticket;
};
static struct node *list;

static void add(size_t i, void *ctx) {
  (void)ctx;
  sums[i % COUNTERS] += (long)i;
  sums[(i * 7 + 3) % COUNTERS] -= 1;
}

static void draw(size_t i, void *ctx) {
  (void)ctx;
  long t = ticket++;
  seen[i] = t;
  struct node *n = malloc(sizeof *n);
  n->ticket = t;
  n->next = list;
  list = n;
}

static int permutation(void) {
  static char hit[N];
  for (size_t i = 0; i < N; i++)
    hit[i] = 0;
  for (size_t i = 0; i < N; i++) {
    if (seen[i] < 0 || seen[i] >= N || hit[seen[i]])
      return 0;
    hit[seen[i]] = 1;
  }
  return ticket == N;
}

static void never(size_t i, void *ctx) {
  (void)i;
  ++*(int *)ctx;
}

void helper_take_ticket(size_t i, void *ctx);

static long nested_in_order, nested_in_block;
static void inner(size_t i, void *ctx) {
  (void)ctx;
  nested_in_order += ticket++ == (long)i;
  nested_in_block += ame_in_transaction();
}

int main(int argc, char **argv) {
  ame_set_workers(argc > 1 ? (unsigned)atoi(argv[1]) : 2);
  int ok = 1;

  long want[COUNTERS] = {0};
  for (size_t i = 0; i < N; i++) {
    want[i % COUNTERS] += (long)i;
    want[(i * 7 + 3) % COUNTERS] -= 1;
  }
  ame_parallel_for(0, N, add, NULL, 0);
  int exact = 1;
  for (int c = 0; c < COUNTERS; c++)
    exact &= sums[c] == want[c];
  puts(exact ? "sums exact" : "sums WRONG");
  ok &= exact;

  ame_parallel_for(0, N, draw, NULL, 0);
  int in_order = 1;
  long expect = N - 1;
  for (struct node *n = list; n; n = n->next)
    in_order &= n->ticket == expect--;
  in_order &= expect == -1;
  int perm = permutation();
  printf("tickets %s, list %s\n", perm ? "a permutation" : "NOT a permutation",
         in_order ? "in ticket order" : "OUT of order");
  ok &= perm && in_order;

  ticket = 0;
  ame_parallel_for(0, N, helper_take_ticket, NULL, 0);
  perm = permutation();
  printf("other file: tickets %s\n", perm ? "a permutation" : "NOT a permutation");
  ok &= perm;

  int ran = 0;
  ame_parallel_for(5, 5, never, &ran, 0);
  ame_parallel_for(9, 3, never, &ran, AME_ORDERED);
  printf("zero iterations: %s\n", ran ? "something ran" : "nothing ran");
  ok &= !ran;

  ticket = 0;
  ame_atomic { ame_parallel_for(0, 100, inner, NULL, AME_ORDERED); }
  printf("inside a block: %ld iterations in order, %s\n", nested_in_order,
         nested_in_block == 100 ? "in the block" : "NOT in the block");
  ok &= nested_in_order == 100 && nested_in_block == 100;

  puts(ok ? "PASS" : "FAIL");
  return !ok;
}
