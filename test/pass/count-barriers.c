// With -mllvm -ame-count-barriers every barrier the program runs is counted
// in its thread's statistics (read_barriers, write_barriers in struct
// ame_stats, and in AME_STATS output); without it the counts stay 0 and
// AME_STATS prints no such lines.
// RUN: %ame_cc -O2 -mllvm -ame-count-barriers %s -o %t && env AME_STATS=1 %t 2>&1 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.plain && env AME_STATS=1 %t.plain 2>&1 | FileCheck %s --check-prefix=PLAIN
#include <ame.h>
#include <stdio.h>

long a[16];

// One read of a[i], one write of a[i + 8]: two barriers per block.
__attribute__((noinline)) void copy(int i) {
  ame_atomic { a[i + 8] = a[i]; }
}

// x++ reads for writing: one write barrier, which takes the line and says
// where its bytes are held; the store is a plain store there.
__attribute__((noinline)) void bump(int i) {
  ame_atomic { a[i]++; }
}

int main(void) {
  for (int i = 0; i < 8; i++)
    copy(i);
  for (int i = 0; i < 5; i++)
    bump(i);
  struct ame_stats st;
  ame_stats_thread(&st);
  // CHECK: reads 8 writes 13
  // PLAIN: reads 0 writes 0
  printf("reads %llu writes %llu\n", (unsigned long long)st.read_barriers,
         (unsigned long long)st.write_barriers);
  fflush(stdout); // before AME_STATS writes to stderr at exit
  return 0;
}
// CHECK: ame statistics
// CHECK: max alloc bytes
// CHECK-NEXT: read barriers 8
// CHECK-NEXT: write barriers 13
// PLAIN: max alloc bytes
// PLAIN-NOT: barriers
