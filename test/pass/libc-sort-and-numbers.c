// qsort and bsearch inside a block call the comparison function's clone (__ame_qsort, __ame_bsearch), and string-to-number conversions run as they are on a private copy of their string (__ame_number_prefix), with their end pointer mapped back: the block does not become inevitable, and the results equal the C library's outside any block. At -O0 and -O2; the remark on a rewritten qsort still names its place (the rewrite erased the call it was made from).
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
// RUN: %ame_clang -O2 -Rpass=ame -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// REMARK: remark: call to qsort runs transactionally with its comparison function's clone
#include <ame.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item {
  long key;
  const char *name;
};

static int by_key(const void *a, const void *b) {
  long x = ((const struct item *)a)->key, y = ((const struct item *)b)->key;
  return (x > y) - (x < y);
}

static const struct item initial[8] = {{5, "e"}, {3, "c"}, {9, "i"}, {1, "a"},
                                       {3, "c2"}, {7, "g"}, {3, "c3"}, {0, "z"}};
static char text[] = "  -1234xyz 0x1fz 3.25e2! 77";

struct results {
  struct item items[8];
  long found, l0, l1, i2;
  double d;
  long end0, end1, end2;
};

// IR-LABEL: define internal void @compute.ame.tx(
// IR-NOT: call void @__ame_irrevocable_v2
// IR: call void @__ame_qsort(ptr
// IR: call ptr @__ame_bsearch(ptr
// IR: call ptr @__ame_number_prefix(ptr
// IR: call i64 @strtol(ptr
// IR: ret void
static void compute(struct results *r, int in_block);
__attribute__((noinline)) static void in_block(struct results *r) {
  ame_atomic { compute(r, 1); }
}

static void compute(struct results *r, int in_block) {
  (void)in_block;
  char *e0, *e1, *e2;
  qsort(r->items, 8, sizeof r->items[0], by_key);
  struct item k = {7, 0};
  struct item *f = bsearch(&k, r->items, 8, sizeof r->items[0], by_key);
  r->found = f ? f - r->items : -1;
  r->l0 = strtol(text, &e0, 10);
  r->l1 = strtol(e0 + 3, &e1, 16);
  r->d = strtod(e1 + 1, &e2);
  r->i2 = atoi(e2 + 1);
  r->end0 = e0 - text;
  r->end1 = e1 - text;
  r->end2 = e2 - text;
}

int main(void) {
  static struct results tx, plain;
  memcpy(tx.items, initial, sizeof initial);
  memcpy(plain.items, initial, sizeof initial);
  in_block(&tx);
  compute(&plain, 0);
  // CHECK: 0z 1a 3c 3c2 3c3 5e 7g 9i
  for (int i = 0; i < 8; i++)
    printf("%ld%s ", tx.items[i].key, tx.items[i].name);
  // CHECK-NEXT: found 6 -1234 31 325 77 ends 7 15 23
  printf("\nfound %ld %ld %ld %g %ld ends %ld %ld %ld\n", tx.found, tx.l0, tx.l1,
         tx.d, tx.i2, tx.end0, tx.end1, tx.end2);
  // CHECK-NEXT: same as outside: yes
  int same = !memcmp(tx.items, plain.items, sizeof tx.items) &&
             tx.found == plain.found && tx.l0 == plain.l0 && tx.l1 == plain.l1 &&
             tx.d == plain.d && tx.i2 == plain.i2 && tx.end0 == plain.end0 &&
             tx.end1 == plain.end1 && tx.end2 == plain.end2;
  printf("same as outside: %s\n", same ? "yes" : "no");
  // CHECK-NEXT: inevitable commits 0
  struct ame_stats s;
  ame_stats_total(&s);
  printf("inevitable commits %llu\n", (unsigned long long)s.inevitable_commits);
  return 0;
}
