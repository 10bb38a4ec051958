// Under AME_ORDERED the earliest iteration always finishes although later ones reach their commit first holding the lines it needs, also when it turns inevitable (I/O) or serial (code without the plugin); a body that calls exit ends the program after exactly the iterations before it, as the sequential loop would.
// RUN: %clang -O2 -c %S/Inputs/parallel_body_helper.c -o %t.plain.o
// RUN: %ame_cc -O2 %s %t.plain.o -o %t
// RUN: %t 2 | FileCheck %s
// RUN: %t 4 | FileCheck %s
// RUN: %t 2 exit | FileCheck %s --check-prefix=EXIT
//
// CHECK: conflict: x = 64, order kept
// CHECK-NEXT: inevitable: x = 64, order kept
// CHECK-NEXT: serial: x = 64, order kept
// CHECK-NEXT: PASS
//
// EXIT: exit in iteration 40 after 40 commits in order
// EXIT-NOT: PASS

#include <ame.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { N = 64 };

long ticket; /* used by helper_take_ticket, of a plain-clang object */
long seen[N];
void helper_take_ticket(size_t i, void *ctx);

static long x;
static long order[N];
static long committed;
static int mode; /* 0 conflict, 1 inevitable, 2 serial, 3 exit */
static int exiting;

static void note(void *arg) { order[committed++] = (long)(size_t)arg; }

static void body(size_t i, void *ctx) {
  (void)ctx;
  /* The first iteration of every group of 8 is slow: the others take x
   * first and wait for their turn holding it. */
  if (i % 8 == 0) {
    volatile long spin = 0;
    for (long k = 0; k < 200000; k++)
      spin += k;
  }
  if (mode == 1 && i % 8 == 0)
    fputs("", stdout);
  if (mode == 2 && i % 8 == 0)
    helper_take_ticket(i, NULL);
  if (mode == 3 && i == 40)
    exit(0);
  x++;
  ame_on_commit(note, (void *)i);
}

static void at_exit(void) {
  long in_order = 0;
  while (in_order < committed && order[in_order] == in_order)
    in_order++;
  if (exiting)
    printf("exit in iteration 40 after %ld commits in order\n", in_order);
}

static void timeout(int sig) {
  (void)sig;
  static const char msg[] = "TIMEOUT: ordered loop stuck\n";
  (void)!write(1, msg, sizeof msg - 1);
  _exit(1);
}

int main(int argc, char **argv) {
  ame_set_workers(argc > 1 ? (unsigned)atoi(argv[1]) : 2);
  signal(SIGALRM, timeout);
  alarm(60);
  atexit(at_exit);
  static const char *names[] = {"conflict", "inevitable", "serial"};
  int ok = 1;
  if (argc > 2 && strcmp(argv[2], "exit") == 0) {
    mode = 3;
    exiting = 1;
    ame_parallel_for(0, N, body, NULL, AME_ORDERED);
    puts("PASS");
    return 1;
  }
  for (mode = 0; mode < 3; mode++) {
    x = 0;
    committed = 0;
    ame_parallel_for(0, N, body, NULL, AME_ORDERED);
    int in_order = committed == N;
    for (long i = 0; i < committed; i++)
      in_order &= order[i] == i;
    printf("%s: x = %ld, order %s\n", names[mode], x,
           in_order ? "kept" : "BROKEN");
    ok &= in_order && x == N;
  }
  puts(ok ? "PASS" : "FAIL");
  return !ok;
}
