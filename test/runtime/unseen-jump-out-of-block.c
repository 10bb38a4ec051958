// A block left by a jump the runtime did not see (longjmp bound directly to the C library) is committed when the thread next enters a block from a frame above it, instead of that block joining it forever.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t 2 plain | FileCheck %s
// RUN: %t 4 plain | FileCheck %s
// RUN: %t 2 serial | FileCheck %s
// RUN: %t 4 serial | FileCheck %s
// CHECK: left block committed: yes
// CHECK-NEXT: in a transaction after the next block: no
// CHECK-NEXT: other threads' blocks: exact
#define _GNU_SOURCE
#include <ame.h>
#include <ame/abi.h>
#include <dlfcn.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "Inputs/bystanders.h"

enum { JUMPS = 100 };

static _Alignas(64) uint64_t left[8];
static jmp_buf before_block;
static const char *mode;

static uint32_t jump_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &left[0], __ame_load_8(tx, &left[0], NULL) + 1, NULL);
  if (!strcmp(mode, "serial")) {
    static const struct __ame_site site = {"t.c", "f", 1, 1, "png_error"};
    __ame_irrevocable_v2(tx, (void *)&site);
  }
  /* The C library's own longjmp, as a library bound to it would call it. */
  void (*libc_longjmp)(jmp_buf, int) =
      (void (*)(jmp_buf, int))dlsym(RTLD_NEXT, "longjmp");
  libc_longjmp(before_block, 1);
  __builtin_unreachable();
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  int threads = atoi(argv[1]);
  mode = argv[2];
  alarm(20); /* a hang fails the test instead of stalling the suite */
  int inside = 0;
  for (volatile int i = 0; i < JUMPS; i++) {
    if (i == JUMPS / 2)
      bystanders_start(threads - 1);
    if (!setjmp(before_block))
      __ame_run(NULL, (void *)jump_body, NULL);
    __ame_run(NULL, (void *)bystander_body, NULL);
    inside |= ame_in_transaction();
  }
  uint64_t expected = bystanders_join();
  printf("left block committed: %s\n", left[0] == JUMPS ? "yes" : "no");
  printf("in a transaction after the next block: %s\n", inside ? "yes" : "no");
  printf("other threads' blocks: %s\n",
         bystander_counter[0] == expected + JUMPS ? "exact" : "WRONG");
  return 0;
}
