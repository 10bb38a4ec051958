// AME_STATS=json or AME_STATS=1 prints the totals, including exited threads, to stderr at exit; unset prints nothing.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: env AME_STATS=json %t 2>&1 | FileCheck %s --check-prefix=JSON
// RUN: env AME_STATS=1 %t 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: env -u AME_STATS %t 2>&1 | FileCheck %s --check-prefix=NONE
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>

static _Alignas(64) uint64_t x;

static uint32_t writer(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &x, __ame_load_8(tx, &x, NULL) + 1, NULL);
  return 0;
}
static void *thread(void *arg) {
  (void)arg;
  for (int i = 0; i < 5; i++)
    __ame_run(NULL, (void *)writer, NULL);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, thread, NULL);
  pthread_join(t, NULL);
  __ame_run(NULL, (void *)writer, NULL);
  fprintf(stderr, "done\n");
  return 0;
}
// JSON: done
// JSON-NEXT: {"commits":6,"read_only_commits":0,
// TEXT: done
// TEXT-NEXT: ame statistics
// TEXT-NEXT: commits 6
// NONE: done
// NONE-NOT: commits
