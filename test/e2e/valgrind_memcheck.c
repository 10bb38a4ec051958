// A program built with ame-cc runs under valgrind's memcheck: the lock-word shadow then covers valgrind's 2^38-byte client range instead of 2^47 bytes, for which memcheck's bookkeeping took gigabytes before main (a one-block program was killed past 15 GB). Two threads' blocks keep their counter exact with no error reported. Under memcheck, AME_BLOCK_CACHE defaults to 0 (every block from the C library's allocator, which memcheck replaces), so memcheck catches plain code writing past the end of a block's allocation; under other tools (callgrind) the blocks stay side by side.
// REQUIRES: valgrind
// valgrind 3.19 does not read clang's DWARF 5. The leak search at exit reads
// every defined page, the shadow's 32 GiB among them, so it is left out.
// RUN: %ame_cc -O1 -gdwarf-4 %s -o %t -lpthread
// RUN: %{valgrind} --tool=memcheck --leak-check=no %t 2>&1 | FileCheck %s --check-prefix=CLEAN
// RUN: %ame_cc -O1 -gdwarf-4 -DOVERRUN %s -o %t.overrun -lpthread
// RUN: %{valgrind} --tool=memcheck --leak-check=no %t.overrun 2>&1 | FileCheck %s --check-prefix=PASTEND
// RUN: env AME_HELP=1 %{valgrind} --tool=none %t 2>&1 | FileCheck %s --check-prefix=OTHER
// RUN: env AME_HELP=1 %{valgrind} --tool=memcheck --leak-check=no %t 2>&1 | FileCheck %s --check-prefix=MEMCHECK
// CLEAN: counter 4000 of 4000
// CLEAN: ERROR SUMMARY: 0 errors
// PASTEND: Invalid write of size 8
// PASTEND-NEXT: at 0x{{[0-9A-F]+}}: main ({{.*}}valgrind_memcheck.c:
// PASTEND: ERROR SUMMARY: 1 errors
// OTHER: AME_BLOCK_CACHE 1 place
// MEMCHECK: AME_BLOCK_CACHE 0 place
#include "Inputs/threads.h"
#include <ame.h>
#include <stdio.h>
#include <stdlib.h>

static long counter;

static void *add(void *arg) {
  (void)arg;
  for (int i = 0; i < 2000; i++)
    ame_atomic { counter++; }
  return NULL;
}

int main(void) {
  e2e_run(2, add);
  printf("counter %ld of 4000\n", counter);

  long *volatile block;
  ame_atomic {
    block = malloc(8 * sizeof *block);
    block[0] = counter;
  }
#ifdef OVERRUN
  block[8] = 1; /* one past the 64 bytes */
#endif
  free(block);
  return 0;
}
