// A block that reallocs a shared buffer which has room gets the same buffer
// back (runtime/alloc.c), so its writes through the result are writes to
// shared memory and keep their barriers: on 2 threads, writers realloc the
// buffer to its own size and fill it with one value, readers check that
// every element equals the first. Had the pass taken realloc's result for a
// block of the writer's own (run plainly behind a range check), readers
// would see half-filled buffers.
// RUN: %ame_cc -O2 -Rpass-missed=ame -Rpass-analysis=ame -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not='memory this transaction allocated'
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 2 | FileCheck %s
// REMARK: realloc_in_place_shared.c:[[#@LINE+24]]:{{[0-9]+}}: remark: write goes through a barrier
// CHECK: same buffer: yes
// CHECK-NEXT: torn reads: 0
#include <ame.h>

#include <stdlib.h>

#include "Inputs/threads.h"

enum { ELEMS = 48, ROUNDS = 20000 };

static long *buf;
static long moved;
static int elems = ELEMS; /* at run time: the loops stay loops */

static void *work(void *arg) {
  long torn = 0, id = (long)arg;
  pthread_barrier_wait(&start_line);
  for (long r = 0; r < ROUNDS; r++) {
    if (id % 2 == 0) {
      ame_atomic {
        long *p = realloc(buf, (size_t)elems * sizeof *p);
        moved += p != buf;
        for (int k = 0; k < elems; k++)
          p[k] = r * 2 + id;
        buf = p;
      }
    } else {
      ame_atomic {
        long first = buf[0];
        for (int k = 1; k < elems; k++)
          torn += buf[k] != first;
      }
    }
  }
  return (void *)torn;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  if (n < 2)
    return 2;
  ame_atomic { buf = calloc(ELEMS, sizeof *buf); }
  long torn = e2e_run(n, work);
  printf("same buffer: %s\n", moved == 0 ? "yes" : "no");
  printf("torn reads: %ld\n", torn);
  return 0;
}
