// gmtime_r, timegm, ctime_r, asctime_r, strftime, strptime, mbstowcs,
// strerror_r, nrand48 and drand48
// inside blocks make the block
// inevitable beside the others, not serial: what each reads and writes
// through its arguments is locked first. One thread sets a shared time and
// its broken-down form (gmtime_r) in each block; another copies both in a
// block and finds them always of one time (timegm of the copy). Both draw
// from a shared nrand48 state, and all their draws together are exactly the
// first draws of one sequence from the initial state. The texts of a time
// and of an error go into shared buffers the way the C library writes them
// outside blocks. No commit is serial.
// RUN: %ame_cc -O2 -Rpass-missed='^ame$' %s -o %t 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %t | FileCheck %s
// REMARK-NOT: serial mode
// REMARK: call to gmtime_r is known I/O: the transaction becomes inevitable here and others keep running
// CHECK: times of another block 0
// CHECK-NEXT: inevitable {{[1-9][0-9]*}}, serial 0
// CHECK-NEXT: same draws as one sequence: yes
// CHECK-NEXT: texts as outside blocks: yes
#define _GNU_SOURCE
#include <ame.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "Inputs/threads.h"

#define PER_THREAD 5000
static time_t shared_t;
static struct tm shared_tm;
static unsigned short shared_state[3] = {1, 2, 3};
static long drawn[2 * PER_THREAD];
static long count;
static double unit_draws;
static char time_text[32], tm_text[32], error_text[64], formatted[32];
static double seconds_between;
static struct tm parsed;
static wchar_t wide[8];
static size_t wide_len;

static void *work(void *arg) {
  long id = (long)arg, mixed = 0;
  pthread_barrier_wait(&start_line);
  for (int i = 1; i <= PER_THREAD; i++) {
    if (id == 0) {
      ame_atomic {
        shared_t = (time_t)i * 86399 + i % 60;
        gmtime_r(&shared_t, &shared_tm);
        drawn[count++] = nrand48(shared_state);
        unit_draws += drand48() < 1.0;
      }
      continue;
    }
    time_t t;
    struct tm tm;
    ame_atomic {
      t = shared_t;
      tm = shared_tm;
      drawn[count++] = nrand48(shared_state);
      tm.tm_isdst = 0;
      // The same struct normalized by the C library in the block.
      if (timegm(&tm) != t)
        mixed++;
    }
  }
  return (void *)mixed;
}

static int by_value(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

int main(void) {
  gmtime_r(&shared_t, &shared_tm);
  e2e_run_and_count_modes(2, work, "times of another block");
  static long want[2 * PER_THREAD];
  unsigned short state[3] = {1, 2, 3};
  for (int i = 0; i < 2 * PER_THREAD; i++)
    want[i] = nrand48(state);
  qsort(drawn, 2 * PER_THREAD, sizeof drawn[0], by_value);
  qsort(want, 2 * PER_THREAD, sizeof want[0], by_value);
  time_t at = 86400 * 365;
  struct tm at_tm;
  gmtime_r(&at, &at_tm);
  ame_atomic {
    ctime_r(&at, time_text);
    asctime_r(&at_tm, tm_text);
    char *msg = strerror_r(2, error_text, sizeof error_text);
    if (msg != error_text)
      strcpy(error_text, msg);
    seconds_between = difftime(at, 0);
    strftime(formatted, sizeof formatted, "%Y-%m-%d %H:%M:%S %a", &at_tm);
    strptime(formatted, "%Y-%m-%d %H:%M:%S", &parsed);
    wide_len = mbstowcs(wide, "time", 8);
  }
  char want_time[32], want_tm[32], want_error[64], want_formatted[32];
  strftime(want_formatted, sizeof want_formatted, "%Y-%m-%d %H:%M:%S %a",
           &at_tm);
  ctime_r(&at, want_time);
  asctime_r(&at_tm, want_tm);
  char *want_msg = strerror_r(2, want_error, sizeof want_error);
  struct ame_stats s;
  ame_stats_total(&s);
  printf("same draws as one sequence: %s\n",
         count == 2 * PER_THREAD && unit_draws == PER_THREAD &&
                 !memcmp(drawn, want, sizeof want)
             ? "yes"
             : "no");
  printf("texts as outside blocks: %s\n",
         !strcmp(time_text, want_time) && !strcmp(tm_text, want_tm) &&
                 !strcmp(error_text, want_msg) &&
                 !strcmp(formatted, want_formatted) &&
                 timegm(&parsed) == at && wide_len == 4 &&
                 !wcscmp(wide, L"time") &&
                 seconds_between == 86400.0 * 365 && !s.serial_commits
             ? "yes"
             : "no");
  return 0;
}
