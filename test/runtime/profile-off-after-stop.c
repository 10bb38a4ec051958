// Attempt start stores the descriptor's profiling flag only when the profiler is on; the first attempt after a profiled one resets it (it follows an attempt that set tx->extras), so blocks after ame_profile_stop run unprofiled: full-speed reads (rlimit above the snapshot), their own lines accepted by tag, no profile record.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t %t.prof | FileCheck %s
// CHECK: before: profiling 0
// CHECK-NEXT: started 0
// CHECK-NEXT: profiled: profiling 1, rlimit 0
// CHECK-NEXT: profiled: profiling 1, rlimit 0
// CHECK-NEXT: stopped 0
// CHECK-NEXT: after: profiling 0, rlimit above snapshot 1, own tag 1
// CHECK-NEXT: after: profiling 0, rlimit above snapshot 1, own tag 1
#include "internal.h"

#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>

static _Alignas(64) uint64_t x;

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  const char *when = ctx;
  __ame_store_8(tx, &x, __ame_load_8(tx, &x, NULL) + 1, NULL);
  if (when[0] == 'p')
    printf("%s: profiling %d, rlimit %llu\n", when, tx->profiling,
           (unsigned long long)tx->rlimit);
  else if (when[0] == 'a')
    printf("%s: profiling %d, rlimit above snapshot %d, own tag %d\n", when,
           tx->profiling, tx->rlimit > tx->snapshot,
           tx->tag_bits == tx->own_tag_bits);
  else
    printf("%s: profiling %d\n", when, tx->profiling);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  __ame_run(NULL, (void *)body, "before");
  printf("started %d\n", ame_profile_start(argv[1]));
  __ame_run(NULL, (void *)body, "profiled");
  __ame_run(NULL, (void *)body, "profiled");
  printf("stopped %d\n", ame_profile_stop());
  __ame_run(NULL, (void *)body, "after");
  __ame_run(NULL, (void *)body, "after");
  return 0;
}
