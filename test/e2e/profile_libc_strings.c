// Conflicts inside the C library's string functions are blamed on the calls
// that made them: a reader's strcmp of a shared name against a writer's
// strcpy into it shows in ame-report as a read of the global at the strcmp
// and a write of it at the strcpy (not as unknown code), at the lines below.
// A conversion's read of its string (strtol runs on a copy the runtime
// reads) is blamed on the strtol, not on the barrier before it, which read
// another global.
// RUN: %ame_cc -g -O2 %s -o %t
// RUN: env AME_PROFILE=%t.strings.ameprof %t strings | FileCheck %s --check-prefix=OUT
// RUN: %ame_report %t.strings.ameprof --source-dir %S/../.. --source-dir %S | FileCheck %s
// RUN: env AME_PROFILE=%t.number.ameprof %t number | FileCheck %s --check-prefix=OUT
// RUN: %ame_report %t.number.ameprof --source-dir %S/../.. --source-dir %S | FileCheck %s --check-prefix=NUMBER
// OUT: reader aborted at least 20 times
#include "Inputs/threads.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char name[64] = "alpha", number[64] = "12345";
static long matches, total, scale = 1;
static atomic_int reader_done;
static int numbers; /* the mode */

static unsigned long aborts_so_far(void) {
  struct ame_stats s;
  ame_stats_thread(&s);
  unsigned long n = 0;
  for (int c = 0; c < AME_ABORT_CAUSE_COUNT; c++)
    n += s.aborts[c];
  return n;
}

/* Reads until it has lost 20 attempts to the writer (or a minute has
 * passed: the report then lacks the pair and the test fails). */
static void *reader(void) {
  time_t give_up = time(NULL) + 60;
  while (aborts_so_far() < 20 && time(NULL) < give_up) {
    ame_atomic {
      if (numbers)
        // NUMBER: site {{.*}}profile_libc_strings.c:[[@LINE+1]]:{{[0-9]+}} in reader: read of global number
        total += scale * strtol(number, NULL, 10);
      // CHECK: site {{.*}}profile_libc_strings.c:[[@LINE+1]]:{{[0-9]+}} in reader: read of global name
      else if (strcmp(name, "alpha") == 0)
        matches++;
    }
  }
  atomic_store(&reader_done, 1);
  return (void *)(long)(aborts_so_far() < 20);
}

static void *writer(void) {
  for (long i = 0; !atomic_load(&reader_done); i++) {
    ame_atomic {
      if (numbers) {
        // NUMBER: other {{.*}}profile_libc_strings.c:[[@LINE+1]]:{{[0-9]+}} in writer: write of global number
        number[0] = (char)('1' + i % 9);
        if (i < 0) /* never: scale is read through a barrier */
          scale++;
      } else {
        // CHECK-NEXT: | else if (strcmp(name, "alpha") == 0)
        // CHECK-NEXT: other {{.*}}profile_libc_strings.c:[[@LINE+1]]:{{[0-9]+}} in writer: write of global name
        strcpy(name, i & 1 ? "alpha" : "beta");
      }
    }
  }
  return NULL;
}

static void *work(void *arg) {
  pthread_barrier_wait(&start_line);
  return arg ? writer() : reader();
}

int main(int argc, char **argv) {
  numbers = argc > 1 && strcmp(argv[1], "number") == 0;
  long failed = e2e_run(2, work);
  printf("reader aborted %s 20 times\n", failed ? "fewer than" : "at least");
  return failed != 0;
}
