// <ame.h> compiles without the plugin under gcc and clang (C11) and g++ and clang++ (C++17), strict warnings as errors, with blocks as plain blocks and annotations as no-ops; the program behaves the same there as when built with ame-cc.
// REQUIRES: gcc, gxx, clangxx
// RUN: %{gcc} -std=c11 -Wall -Wextra -Wshadow -pedantic -Werror -I%S/../../include %s -o %t.gcc
// RUN: %t.gcc | FileCheck %s
// RUN: %clang -std=c11 -Wall -Wextra -Wshadow -pedantic -Werror -I%S/../../include %s -o %t.clang
// RUN: %t.clang | FileCheck %s
// RUN: %{gxx} -std=c++17 -x c++ -Wall -Wextra -Wshadow -pedantic -Werror -I%S/../../include %s -o %t.gxx
// RUN: %t.gxx | FileCheck %s
// RUN: %{clangxx} -std=c++17 -x c++ -Wall -Wextra -Wshadow -pedantic -Werror -I%S/../../include %s -o %t.clangxx
// RUN: %t.clangxx | FileCheck %s
// RUN: %ame_cc -std=c11 -O2 -Wall -Wextra -Wshadow -pedantic -Werror %s -o %t.ame
// RUN: %t.ame | FileCheck %s
//
// CHECK: blocks: 3 1 2
// CHECK-NEXT: nested: 6
// CHECK-NEXT: atomic fn: 15
// CHECK-NEXT: fields: 7 2
// CHECK-NEXT: immutable type: 9
// CHECK-NEXT: early exit: 3 -1
// CHECK-NEXT: PASS

#include <ame.h>

#include <stdio.h>

struct object {
  AME_REFCOUNT long refcnt;
  AME_IMMUTABLE int type;
  int payload;
};

struct pair {
  int x, y;
};
AME_IMMUTABLE_TYPE(struct pair);

static int total;

AME_ATOMIC static int add(int v) {
  total += v;
  return total;
}

static int first_negative(const int *v, int n) {
  ame_atomic {
    for (int i = 0; i < n; i++)
      if (v[i] < 0)
        return i;
  }
  return -1;
}

static int leave_early(int stop) {
  int r = 0;
  ame_atomic {
    r = 1;
    if (stop)
      break;
    r = 2;
  }
  return r;
}

int main(void) {
  int a = 0;
  ame_atomic { a += 3; }
  printf("blocks: %d %d %d\n", a, leave_early(1), leave_early(0));

  int depth = 0;
  ame_atomic {
    depth += 1;
    ame_atomic {
      depth += 2;
      ame_atomic { depth += 3; }
    }
  }
  printf("nested: %d\n", depth);

  for (int i = 1; i <= 5; i++)
    add(i);
  printf("atomic fn: %d\n", total);

  struct object o = {1, 7, 0};
  ame_atomic {
    o.refcnt++;
    o.payload = o.type;
  }
  printf("fields: %d %ld\n", o.payload, o.refcnt);

  static const struct pair p = {4, 5};
  const struct pair *pp = &p;
  int sum = 0;
  ame_atomic { sum = pp->x + pp->y; }
  printf("immutable type: %d\n", sum);

  const int v[] = {3, 1, 4, -1, 5};
  const int w[] = {1, 2};
  printf("early exit: %d %d\n", first_negative(v, 5), first_negative(w, 2));

  int ok = a == 3 && depth == 6 && total == 15 && o.payload == 7 &&
           o.refcnt == 2 && sum == 9;
  printf("%s\n", ok ? "PASS" : "FAIL");
  return !ok;
}
