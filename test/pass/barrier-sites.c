// Every barrier passes its site, a constant struct __ame_site naming what it
// touches, as its last argument (the conflict profiler's name for it): a
// field from debug info (struct tag, or typedef of an unnamed struct through
// the pointer's declared type), a field of an array element, a global, a
// function's static. Without -g the field is a struct and an offset. -Rpass-missed=ame-barrier names each
// barrier at the site's file:line:column; -Rpass-missed='^ame$' leaves them
// out.
// RUN: %ame_clang -g -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=SITE,G
// RUN: %ame_clang -g -O0 -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=SITE,G
// RUN: %ame_clang -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=SITE,NOG
// RUN: %ame_clang -g -O2 -c -o /dev/null -Rpass-missed=ame-barrier %s 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_clang -g -O2 -c -o /dev/null -Rpass-missed='^ame$' %s 2>&1 | count 0
// RUN: %ame_clang -g -O2 -c -o /dev/null -Rpass-missed=ame-barrier %s 2>&1 | FileCheck %s --check-prefix=LOCATED
// LOCATED-NOT: {{^}}remark:
#include <ame.h>

struct account {
  long id;
  long balance;
};
typedef struct {
  int tag;
  double value;
} pair_t;
struct outer {
  int n;
  struct account inner[4];
};

long counter;
struct account table[64];
char *text;

// The sites' strings, then every barrier passing one.
// G-DAG: c"struct account.balance\00"
// G-DAG: c"pair_t.value\00"
// G-DAG: c"struct outer.n\00"
// SITE-DAG: c"global counter\00"
// G-DAG: c"global calls (static in count)\00"
// NOG-DAG: c"struct account+8\00"
// NOG-DAG: c"struct outer+0\00"
// SITE-NOT: call {{.*}}@__ame_{{load|store}}_{{[1248]}}({{[^)]*}}, ptr null)
// A read that a write of the same bytes follows takes the line at once; the
// write shares its site (same place, same data, a write), so one remark.
// REMARK-DAG: barrier-sites.c:[[#@LINE+2]]:{{[0-9]+}}: remark: read of struct account.balance for a write takes its line for writing at once (a conflict site)
void deposit(struct account *a, long n) {
  ame_atomic { a->balance += n; }
}

AME_ATOMIC void set_pair(pair_t *p, struct outer *o, int i) {
  p->value = 1.5; // REMARK-DAG: :[[#@LINE]]:{{[0-9]+}}: remark: write of pair_t.value goes through a barrier
  o->inner[i].balance = 2; // REMARK-DAG: :[[#@LINE]]:{{[0-9]+}}: remark: write of struct account.balance
  o->n = i; // REMARK-DAG: :[[#@LINE]]:{{[0-9]+}}: remark: write of struct outer.n
}

// An element at a variable index of a global array; data reached through a
// pointer the program keeps in a global.
char element_and_pointee(int i) {
  char c;
  ame_atomic {
    table[i].id = 7; // REMARK-DAG: :[[#@LINE]]:{{[0-9]+}}: remark: write of global table, struct account.id goes through a barrier
    c = text[i];     // REMARK-DAG: :[[#@LINE]]:{{[0-9]+}}: remark: read of *text goes through a barrier
  }
  return c;
}

void count(void) {
  static int calls;
  ame_atomic {
    counter++; // REMARK-DAG: :[[#@LINE]]:{{[0-9]+}}: remark: read of global counter for a write
    calls++;   // REMARK-DAG: :[[#@LINE]]:{{[0-9]+}}: remark: read of global calls (static in count) for a write
  }
}

