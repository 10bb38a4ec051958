// The holder of an ordered loop's turn never waits for a later item. Lock
// words name write-log entries, which a worker's next item reuses: item 1
// waits for x's line while item 0 (an earlier item, which it may wait for)
// holds it; the worker commits item 0 and at once takes the line again for
// item 2 with the same entry, so the lock word looks unchanged. Item 1, the
// holder by then, must see that a later item holds the line and make it
// step aside; it used to wait on until its waiting gave up (several
// seconds for each pair of items, 4.8 to 9 s for 16 items where the loop
// takes 0.25 s). The alarm stops the program if that comes back.
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t | FileCheck %s
// CHECK: x = 40
// CHECK-NOT: TIMEOUT
#include <ame.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static long x;

static void body(size_t i, void *ctx) {
  (void)ctx;
  x++;
  if (i % 2 == 0) {
    /* Keep x's line long enough for item i + 1 to wait for it past the
     * short spin. */
    volatile long spin = 0;
    for (long k = 0; k < 3000000; k++)
      spin += k;
  }
}

static void timeout(int sig) {
  (void)sig;
  static const char msg[] = "TIMEOUT: the holder waited for a later item\n";
  (void)!write(1, msg, sizeof msg - 1);
  _exit(1);
}

int main(void) {
  ame_set_workers(2);
  signal(SIGALRM, timeout);
  alarm(5);
  ame_parallel_for(0, 40, body, NULL, AME_ORDERED);
  printf("x = %ld\n", x);
  return 0;
}
