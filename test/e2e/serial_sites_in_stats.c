// AME_STATS counts serial commits (all other threads waited) apart from inevitable ones that ran beside others, and lists the 5 sites that made the most commits serial, most first, with file:line:column, the function and the callee, then how many more sites there were and their commits; AME_STATS=json has the same under "serial_commits", "serial_sites" and "serial_sites_more".
// RUN: %clang -O2 -c %S/Inputs/uninstrumented_helper.c -o %t.helper.o
// RUN: %ame_cc -O1 -g %s %t.helper.o -o %t
// RUN: env AME_STATS=1 %t 2>&1 | FileCheck %s
// RUN: env AME_STATS=json %t 2>&1 | FileCheck %s --check-prefix=JSON
#include <ame.h>
#include <stdio.h>

void plain_add(long v);
extern long plain_total;

__attribute__((noinline)) static void three_times(void) {
  ame_atomic {
    plain_add(1);
  }
}

__attribute__((noinline)) static void twice(void) {
  ame_atomic {
    plain_add(10);
  }
}

// Six more sites, one serial commit each.
__attribute__((noinline)) static void once_each(void) {
  ame_atomic { plain_add(1000); }
  ame_atomic { plain_add(1000); }
  ame_atomic { plain_add(1000); }
  ame_atomic { plain_add(1000); }
  ame_atomic { plain_add(1000); }
  ame_atomic { plain_add(1000); }
}

__attribute__((noinline)) static void io(void) {
  ame_atomic {
    plain_total += 100;
    printf("total %ld\n", plain_total); // inevitable, not serial
  }
}

int main(void) {
  for (int i = 0; i < 3; i++)
    three_times();
  for (int i = 0; i < 2; i++)
    twice();
  once_each();
  plain_total -= 6000;
  io();
  io();
  fflush(stdout); /* before the statistics, which go to stderr at exit */
  return 0;
}
// CHECK: total 123
// CHECK: total 223
// CHECK: ame statistics
// CHECK-NEXT: commits 13
// CHECK-NEXT: read-only 0
// CHECK-NEXT: inevitable 13
// CHECK-NEXT: serial 11
// CHECK: serial commits by site (all other threads waited):
// CHECK-NEXT: 3 {{.*}}serial_sites_in_stats.c:14:5 in three_times: plain_add
// CHECK-NEXT: 2 {{.*}}serial_sites_in_stats.c:20:5 in twice: plain_add
// CHECK-NEXT: 1 {{.*}}serial_sites_in_stats.c:{{2[6-9]|3[01]}}:{{[0-9]+}} in once_each: plain_add
// CHECK-NEXT: 1 {{.*}}serial_sites_in_stats.c:{{2[6-9]|3[01]}}:{{[0-9]+}} in once_each: plain_add
// CHECK-NEXT: 1 {{.*}}serial_sites_in_stats.c:{{2[6-9]|3[01]}}:{{[0-9]+}} in once_each: plain_add
// CHECK-NEXT: 3 (3 more sites)
// CHECK-NEXT: threads 1
// JSON: "inevitable_commits":13,"serial_commits":11,
// JSON-SAME: "serial_sites":[{"file":"{{[^"]*}}serial_sites_in_stats.c","line":14,"column":5,"function":"three_times","detail":"plain_add","commits":3},{"file":"{{[^"]*}}serial_sites_in_stats.c","line":20,"column":5,"function":"twice","detail":"plain_add","commits":2},
// JSON-SAME: "serial_sites_more":{"sites":3,"commits":3}
