// A longjmp from inside a block to a jmp_buf set before the block commits the block first (like goto out of it), then jumps; the thread is outside any transaction and other threads keep running.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t 2 plain | FileCheck %s
// RUN: %t 4 plain | FileCheck %s
// RUN: %t 2 serial | FileCheck %s
// RUN: %t 4 serial | FileCheck %s
// RUN: %t 2 sig | FileCheck %s
// RUN: %t 4 sig | FileCheck %s
// CHECK: writes before the jumps committed: yes
// CHECK-NEXT: in a transaction after a jump: no
// CHECK-NEXT: other threads' blocks: exact
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "Inputs/bystanders.h"

enum { JUMPS = 200 };

static _Alignas(64) uint64_t jumped[8];
static jmp_buf before_block;
static sigjmp_buf before_block_sig;
/* plain: the body jumps, still speculative; serial: it ran uninstrumented
 * code first, as a callee built without the plugin does; sig: siglongjmp. */
static const char *mode;

static __attribute__((noinline)) void fail_out(void) {
  if (!strcmp(mode, "sig"))
    siglongjmp(before_block_sig, 1);
  longjmp(before_block, 1);
}

static uint32_t jump_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &jumped[0], __ame_load_8(tx, &jumped[0], NULL) + 1, NULL);
  if (!strcmp(mode, "serial")) {
    static const struct __ame_site site = {"t.c", "f", 1, 1, "luaL_error"};
    __ame_irrevocable_v2(tx, (void *)&site);
  }
  __ame_store_8(tx, &jumped[1], __ame_load_8(tx, &jumped[1], NULL) + 1, NULL);
  fail_out();
  __ame_store_8(tx, &jumped[2], 1, NULL); /* never */
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  int threads = atoi(argv[1]);
  mode = argv[2];
  alarm(20); /* a hang fails the test instead of stalling the suite */
  int inside = 0;
  for (volatile int i = 0; i < JUMPS; i++) {
    /* Half the jumps before the others start, so they start after a jump. */
    if (i == JUMPS / 2)
      bystanders_start(threads - 1);
    if (!strcmp(mode, "sig") ? sigsetjmp(before_block_sig, 1)
                             : setjmp(before_block)) {
      inside |= ame_in_transaction();
      continue;
    }
    __ame_run(NULL, (void *)jump_body, NULL);
  }
  uint64_t expected = bystanders_join();
  printf("writes before the jumps committed: %s\n",
         jumped[0] == JUMPS && jumped[1] == JUMPS && !jumped[2] ? "yes" : "no");
  printf("in a transaction after a jump: %s\n", inside ? "yes" : "no");
  printf("other threads' blocks: %s\n",
         bystander_counter[0] == expected ? "exact" : "WRONG");
  return 0;
}
