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

enum { ITERS = 20000, JUMPS = 100 };

static _Alignas(64) uint64_t left[8], counter[8];
static jmp_buf before_block;
static const char *mode;

static uint32_t jump_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &left[0], __ame_load_8(tx, &left[0]) + 1);
  if (!strcmp(mode, "serial")) {
    static const struct __ame_site site = {"t.c", "f", 1, 1, "png_error"};
    __ame_irrevocable(tx, (void *)&site);
  }
  /* The C library's own longjmp, as a library bound to it would call it. */
  void (*libc_longjmp)(jmp_buf, int) =
      (void (*)(jmp_buf, int))dlsym(RTLD_NEXT, "longjmp");
  libc_longjmp(before_block, 1);
  __builtin_unreachable();
}

static uint32_t count_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &counter[0], __ame_load_8(tx, &counter[0]) + 1);
  return 0;
}

static void *counting(void *arg) {
  (void)arg;
  for (int i = 0; i < ITERS; i++)
    __ame_run(NULL, (void *)count_body, NULL);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  int threads = atoi(argv[1]);
  mode = argv[2];
  alarm(20); /* a hang fails the test instead of stalling the suite */
  pthread_t t[8];
  int inside = 0;
  for (volatile int i = 0; i < JUMPS; i++) {
    if (i == JUMPS / 2)
      for (int k = 1; k < threads; k++)
        pthread_create(&t[k], NULL, counting, NULL);
    if (!setjmp(before_block))
      __ame_run(NULL, (void *)jump_body, NULL);
    __ame_run(NULL, (void *)count_body, NULL);
    inside |= ame_in_transaction();
  }
  for (int i = 1; i < threads; i++)
    pthread_join(t[i], NULL);
  printf("left block committed: %s\n", left[0] == JUMPS ? "yes" : "no");
  printf("in a transaction after the next block: %s\n", inside ? "yes" : "no");
  printf("other threads' blocks: %s\n",
         counter[0] == (uint64_t)(threads - 1) * ITERS + JUMPS ? "exact"
                                                               : "WRONG");
  return 0;
}
