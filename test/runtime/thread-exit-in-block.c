// A thread that calls pthread_exit inside a block commits the block (as for return) and releases everything, so other threads' blocks keep running.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t 2 serial | FileCheck %s
// RUN: %t 4 serial | FileCheck %s
// RUN: %t 2 io | FileCheck %s
// RUN: %t 4 io | FileCheck %s
// RUN: %t 2 plain | FileCheck %s
// RUN: %t 4 plain | FileCheck %s
// Without unwind tables the unwinder stops at the body's frame and the
// thread-exit destructor commits instead:
// RUN: %clang %rt_cflags -fno-asynchronous-unwind-tables -fno-unwind-tables %s -o %t.nounwind %rt_lib
// RUN: %t.nounwind 2 serial | FileCheck %s
// RUN: %t.nounwind 4 plain | FileCheck %s
// CHECK: exiting thread's writes committed: yes
// CHECK-NEXT: other threads' blocks: exact
// CHECK-NEXT: a block after the exits: ran
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "Inputs/bystanders.h"

enum { EXITS = 50 };

static _Alignas(64) uint64_t exited[8];
/* serial: the block runs uninstrumented code first (what the pass emits
 * before a call to pthread_exit); io: only inevitable (a call on the I/O
 * list); plain: neither, as a hand-written body might. */
static const char *mode;

static uint32_t exit_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &exited[0], __ame_load_8(tx, &exited[0], NULL) + 1, NULL);
  static const struct __ame_site serial = {
      "t.c", "f", 1, 1, "pthread_exit", AME_SITE_SERIAL};
  static const struct __ame_site io = {"t.c", "f", 1, 1, "write", AME_SITE_IO};
  if (!strcmp(mode, "serial"))
    __ame_irrevocable_v2(tx, (void *)&serial);
  else if (!strcmp(mode, "io"))
    __ame_irrevocable_v2(tx, (void *)&io);
  __ame_store_8(tx, &exited[1], __ame_load_8(tx, &exited[1], NULL) + 1, NULL);
  pthread_exit(NULL);
}

static void *exiter(void *arg) {
  (void)arg;
  __ame_run(NULL, (void *)exit_body, NULL);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  int threads = atoi(argv[1]);
  mode = argv[2];
  alarm(20); /* a hang fails the test instead of stalling the suite */
  bystanders_start(threads - 1);
  for (int i = 0; i < EXITS; i++) {
    pthread_t t;
    pthread_create(&t, NULL, exiter, NULL);
    pthread_join(t, NULL);
  }
  uint64_t expected = bystanders_join();
  printf("exiting thread's writes committed: %s\n",
         exited[0] == EXITS && exited[1] == EXITS ? "yes" : "no");
  printf("other threads' blocks: %s\n",
         bystander_counter[0] == expected ? "exact" : "WRONG");
  __ame_run(NULL, (void *)bystander_body, NULL);
  printf("a block after the exits: ran\n");
  return 0;
}
