// Under -ame-check-immutable, a transaction that writes an AME_IMMUTABLE field of an object it did not allocate is reported at the store (address and site); initialising the field of an object the same transaction allocated, and reading it back, is not.
// RUN: %ame_cc -O0 -g -mllvm -ame-check-immutable %s -o %t.O0
// RUN: %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: not --crash %t.O0 change 2>&1 | FileCheck %s
// RUN: %ame_cc -O2 -g -mllvm -ame-check-immutable %s -o %t.O2
// RUN: %t.O2 | FileCheck %s --check-prefix=CLEAN
// RUN: not --crash %t.O2 change 2>&1 | FileCheck %s
//
// CLEAN: kind 3 val 4
// CLEAN-NEXT: PASS
// CHECK: ame: AME_CHECK_IMMUTABLE: a transaction wrote 4 bytes of AME_IMMUTABLE data at 0x{{[0-9a-f]+}}, in an object it did not allocate
// CHECK-NEXT: at {{.*}}immutable_check_store.c:[[@LINE+29]]:{{[0-9]+}} in change_kind (store to AME_IMMUTABLE data)
// CHECK-NOT: PASS

#include <ame.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct obj {
  AME_IMMUTABLE int kind;
  int val;
};

static struct obj *shared;

static struct obj *create(int kind) {
  struct obj *o;
  ame_atomic {
    o = malloc(sizeof *o);
    o->kind = kind; /* fresh: allowed */
    o->val = o->kind + 1;
    shared = o;
  }
  return o;
}

static void change_kind(struct obj *o) {
  ame_atomic {
    o->kind = 5;
  }
}

int main(int argc, char **argv) {
  create(3);
  int k, v;
  ame_atomic {
    k = shared->kind;
    v = shared->val;
  }
  if (argc > 1 && strcmp(argv[1], "change") == 0)
    change_kind(shared);
  printf("kind %d val %d\nPASS\n", k, v);
  return 0;
}
