// AME_STATS=1 points to the profiler when one attempt in ten or more
// aborted (here 1 of 3); not when fewer did, not in JSON, and not when the
// run is being profiled already.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: env AME_STATS=1 %t doom 2>&1 | FileCheck %s --check-prefix=HIGH
// RUN: env AME_STATS=1 %t 2>&1 | FileCheck %s --check-prefix=LOW
// RUN: env AME_STATS=json %t doom 2>&1 | FileCheck %s --check-prefix=LOW
// RUN: env AME_STATS=1 AME_PROFILE=%t.prof %t doom 2>&1 | FileCheck %s --check-prefix=LOW
#include "Inputs/doom.h"

#include <ame.h>
#include <stdio.h>
#include <string.h>

static int attempts, doom;

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  uint64_t v = __ame_load_8(tx, &x, NULL);
  if (doom && attempts++ == 0)
    doom_reader_of_x();
  __ame_store_8(tx, &x, v + 1, NULL);
  return 0;
}

int main(int argc, char **argv) {
  doom = argc > 1 && !strcmp(argv[1], "doom");
  __ame_run(NULL, (void *)body, NULL);
  if (!doom)
    __ame_run(NULL, (void *)body, NULL);
  fprintf(stderr, "x = %llu\n", (unsigned long long)x);
  return 0;
}
// HIGH: x = 2
// HIGH: ame: 33% of attempts aborted; AME_PROFILE=<file> records where they conflict, and ame-report <file> ranks the sites (docs/profile.md)
// LOW: x = 2
// LOW-NOT: AME_PROFILE
