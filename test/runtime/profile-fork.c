// A forked child does not profile: it shares the parent's file offset, so
// records (or a second end record) of its own would corrupt the parent's
// profile. The child runs blocks and exits (its exit handlers run); the
// parent's profile stays whole and holds the parent's abort.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: env AME_PROFILE=%t.prof %t | FileCheck %s --check-prefix=OUT
// RUN: %ame_report %t.prof | FileCheck %s
// RUN: grep -c '^end' %t.prof | FileCheck %s --check-prefix=ONE-END
// OUT: child ran its blocks
// OUT: parent: attempts 2
// CHECK: blocks {{[0-9]+}} commits, 1 abort
// ONE-END: {{^1$}}
#include "Inputs/doom.h"

#include <ame.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int attempts;

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  uint64_t v = __ame_load_8(tx, &x, NULL);
  if (attempts++ == 0)
    doom_reader_of_x();
  __ame_store_8(tx, &x, v + 1, NULL);
  return 0;
}

int main(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 100; i++)
      __ame_run(NULL, (void *)doom_bump_x, NULL);
    printf("child ran its blocks\n");
    return 0;
  }
  waitpid(pid, NULL, 0);
  __ame_run(NULL, (void *)body, NULL);
  printf("parent: attempts %d\n", attempts);
  return 0;
}
