// Loads of one object's fields read a copy that one barrier took (docs/pass.md, "Reads of one object") and still see one consistent state: blocks on 2 threads set the three fields of a node to one value while others read them, and must find them equal, at commit and in every attempt (an attempt that saw two values would read far outside a small table and crash); nodes of 24 bytes packed one after another put every eighth across two lines, whose fields take their own barriers; a block that writes a field between the reads sees its own write; links rewritten between the reads of their neighbours (bench/shapes.c's yada) come out right.
// RUN: %ame_cc -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 2 | FileCheck %s
// CHECK: equal fields: yes
// CHECK-NEXT: own write seen: 171
// CHECK-NEXT: slot read again: 51 71
// CHECK-NEXT: links: new y new old old x
#include <ame.h>

#include <stdio.h>

#include "Inputs/threads.h"

enum { NODES = 8, ITERS = 1000000 };

struct node {
  long a, b, c;
};

struct elem {
  struct elem *nbr[3];
};

static _Alignas(64) struct node nodes[NODES]; // 24 bytes: 2 and 5 cross
static long table[16];

// The module lists relink's clone first.
// IR-LABEL: define internal {{.*}}@write_between.ame.tx(
// IR: call void @__ame_load_bytes(ptr %{{.*}}, ptr %{{.*}}, ptr %{{.*}}, i64 24,
// IR: ret
// IR-LABEL: define internal {{.*}}@reread.ame.tx(
// IR: call void @__ame_load_bytes(ptr %{{.*}}, ptr %{{.*}}, ptr %{{.*}}, i64 16,
// IR: icmp eq ptr
// IR-NEXT: and i1
// IR: ret
// IR-LABEL: define internal {{.*}}@relink.ame.tx(
// IR: call void @__ame_load_bytes(ptr %{{.*}}, ptr %{{.*}}, ptr %{{.*}}, i64 24,
// IR: ret
// IR-LABEL: define internal {{.*}}@fields_differ.ame.tx(
// IR: call void @__ame_load_bytes(ptr %{{.*}}, ptr %{{.*}}, ptr %{{.*}}, i64 24,
// IR: ret
__attribute__((noinline)) static long fields_differ(const struct node *n) {
  long a = n->a, b = n->b, c = n->c;
  if (a != b || b != c)
    // An attempt that saw two states indexes far out of table.
    return 1 + table[(a ^ b ^ c) << 24];
  return 0;
}

__attribute__((noinline)) static void relink(struct elem *m, struct elem *old,
                                             struct elem *new) {
  for (int q = 0; q < 3; q++)
    if (m->nbr[q] == old)
      m->nbr[q] = new;
}

// q may be p: the write keeps p->b's read out of the group (p->a and p->c
// share one barrier), so the read sees it. Digits: c, b, a.
__attribute__((noinline)) static long write_between(struct node *p,
                                                    struct node *q) {
  long a = p->a;
  q->b = 7;
  long b = p->b;
  long c = p->c;
  return a + 10 * b + 100 * c;
}

// slot[i] read again after slot[n] = q: the copy of p serves b only when
// the pointer read again is still p. Digits: b, a.
__attribute__((noinline)) static long reread(struct node *p, struct node *q,
                                             int i, int n) {
  struct node *slot[2] = {p, p};
  long a = slot[i]->a;
  slot[n] = q;
  long b = slot[i]->b;
  return a + 10 * b;
}

static void *work(void *arg) {
  long id = (long)arg, bad = 0;
  pthread_barrier_wait(&start_line);
  for (long k = 0; k < ITERS; k++) {
    struct node *n = &nodes[(k * 7 + id) % NODES];
    if (id == 0 && k % 2) {
      ame_atomic {
        n->a = k;
        n->b = k;
        n->c = k;
      }
    } else {
      long differ;
      ame_atomic { differ = fields_differ(n); }
      bad += differ != 0;
    }
  }
  return (void *)bad;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  if (!n)
    return 2;
  long bad = e2e_run(n, work);
  printf("equal fields: %s\n", bad ? "no" : "yes");

  struct node *mine = &nodes[0]; // in one line: the copy serves a and c
  mine->a = mine->b = mine->c = 1;
  struct node *volatile opaque = mine; // keeps p and q apart for the pass
  struct node *p = opaque, *q = opaque;
  long seen;
  ame_atomic { seen = write_between(p, q); }
  printf("own write seen: %ld\n", seen);
  struct node *other = &nodes[1];
  other->b = 5;
  volatile int zero = 0, one = 1;
  long same, kept;
  ame_atomic {
    same = reread(p, other, zero, zero);
    kept = reread(p, other, zero, one);
  }
  printf("slot read again: %ld %ld\n", same, kept);

  static struct elem x, y, old, new;
  struct elem *xs[3] = {&old, &y, &old}, *ys[3] = {&y, &y, &x};
  for (int q = 0; q < 3; q++) {
    x.nbr[q] = xs[q];
    y.nbr[q] = ys[q];
  }
  ame_atomic {
    relink(&x, &old, &new);
    relink(&y, &y, &old);
  }
  struct elem *named[] = {&x, &y, &old, &new};
  const char *names[] = {"x", "y", "old", "new"};
  printf("links:");
  for (int e = 0; e < 2; e++)
    for (int q = 0; q < 3; q++)
      for (int i = 0; i < 4; i++)
        if ((e ? y : x).nbr[q] == named[i])
          printf(" %s", names[i]);
  printf("\n");
  return bad != 0;
}
