// Memory a block declares its own with ame_private is read and written without barriers (a scratch copy of shared data, as labyrinth's grid copy): blocks on 2 threads copy a shared grid into their own buffers, work on the copies and publish a result, and every result matches the grid some serial order had. With AME_CHECK_PRIVATE=1, a block that writes another block's declared-private buffer stops the program with a message; a correct program runs clean.
// RUN: %ame_cc -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 2 | FileCheck %s
// RUN: env AME_CHECK_PRIVATE=1 %t 2 | FileCheck %s
// RUN: env AME_CHECK_PRIVATE=1 not --crash %t misuse 2>&1 | FileCheck %s --check-prefix=MISUSE
// CHECK: results consistent: yes
// MISUSE: ame: memory declared private with ame_private (the line at 0x{{[0-9a-f]+}}) was written by another atomic block while the block that declared it ran (AME_CHECK_PRIVATE)
#include <ame.h>

#include <stdio.h>
#include <string.h>

#include "Inputs/threads.h"

enum { CELLS = 512, ITERS = 3000 };

static long grid[CELLS];  /* shared: rows of equal values, rewritten whole */
static long results[64];  /* per thread: the last checked sum */
static long scratch[64][CELLS];
static volatile int misuse_go;

// IR-LABEL: define internal {{.*}}@work_on_copy.ame.tx(
// IR: call ptr @ame_private(
// IR: call void @__ame_load_bytes(ptr %{{[^,]*}}, ptr %{{[^,]*}}, ptr @grid,
// IR-NOT: call {{.*}}@__ame_load_8(ptr {{[^,]*}}, ptr %
// IR: ret
__attribute__((noinline)) static long work_on_copy(long *mine) {
  long *copy = ame_private(mine, sizeof grid);
  memcpy(copy, grid, sizeof grid);
  long sum = 0;
  for (int i = 0; i < CELLS; i++) {
    copy[i] = copy[i] * 2 + 1;
    sum += copy[i];
  }
  return sum;
}

static void *work(void *arg) {
  long id = (long)arg, bad = 0;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ITERS; i++) {
    if ((i + id) % 2) {
      ame_atomic {
        for (int c = 0; c < CELLS; c++)
          grid[c] = i;
      }
    } else {
      long sum;
      ame_atomic { sum = work_on_copy(scratch[id]); }
      /* Every grid a serial order shows has equal cells: sum = CELLS*(2v+1). */
      bad += (sum - CELLS) % (2 * CELLS) != 0;
      results[id] = sum;
    }
  }
  return (void *)bad;
}

/* Thread 0 declares scratch[0] private and waits inside its block, while
 * thread 1 writes scratch[0] in a block of its own and commits. */
static void *misuse(void *arg) {
  long id = (long)arg;
  if (id == 0) {
    ame_atomic {
      long *mine = ame_private(scratch[0], sizeof scratch[0]);
      mine[0] = 1;
      /* The handshake itself goes through private (unlogged) accesses, so
       * the other thread sees it while this block runs. */
      volatile int *go = ame_private((void *)&misuse_go, sizeof misuse_go);
      *go = 1;
      for (long spin = 0; spin < 2000000000 && *go != 2; spin++)
        ;
    }
  } else {
    while (!misuse_go)
      ;
    ame_atomic { scratch[0][1] = 7; }
    misuse_go = 2;
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "misuse")) {
    pthread_t t[2];
    for (long i = 0; i < 2; i++)
      pthread_create(&t[i], NULL, misuse, (void *)i);
    for (int i = 0; i < 2; i++)
      pthread_join(t[i], NULL);
    puts("misuse not caught");
    return 0;
  }
  int n = e2e_threads(argc, argv);
  if (!n)
    return 2;
  long bad = e2e_run(n, work);
  printf("results consistent: %s\n", bad ? "no" : "yes");
  return 0;
}
