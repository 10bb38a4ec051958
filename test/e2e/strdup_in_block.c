// strdup and strndup inside blocks run transactionally (no inevitable or
// serial commit), called directly or through a pointer: the copy is always
// one whole version of a string that other blocks keep rewriting, and
// strndup reads no byte past its limit (a string with no terminator before
// an unmapped page).
// RUN: %ame_cc -O2 %s -o %t
// Under load a block may reach the retry limit and run inevitably for
// starvation freedom, which says nothing about strdup: the limit is raised.
// RUN: env AME_RETRY_LIMIT=1000000 %t 2 | FileCheck %s
// RUN: %ame_cc -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// CHECK: torn copies 0
// CHECK-NEXT: inevitable 0, serial 0
// CHECK-NEXT: strndup before the guard page: xxxxxxx
// IR: call ptr @__ame_strdup(
// IR: call ptr @__ame_strndup(
#include <ame.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "Inputs/threads.h"

static char name[64] = "BBBBBBBBBBBBBBBBBBBB";
static char *(*volatile dup_fn)(const char *) = strdup;

/* A copy of name is 40 'A's or 20 'B's, nothing in between. */
static int torn(const char *s, size_t limit) {
  size_t n = strlen(s);
  size_t want = s[0] == 'A' ? 40 : 20;
  if (want > limit)
    want = limit;
  if (n != want)
    return 1;
  for (size_t i = 0; i < n; i++)
    if (s[i] != s[0])
      return 1;
  return 0;
}

static void *work(void *arg) {
  long id = (long)arg, bad = 0;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < 20000; i++) {
    char *a = NULL, *b = NULL, *c = NULL;
    ame_atomic {
      if ((i + id) % 3 == 0) {
        int to_a = name[0] == 'B';
        memset(name, to_a ? 'A' : 'B', to_a ? 40 : 20);
        name[to_a ? 40 : 20] = 0;
      }
      a = strdup(name);
      b = strndup(name, 30);
      c = dup_fn(name);
    }
    bad += torn(a, 64) + torn(b, 30) + torn(c, 64);
    free(a);
    free(b);
    free(c);
  }
  return (void *)bad;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  e2e_run_and_count_modes(n, work, "torn copies");

  long page = sysconf(_SC_PAGESIZE);
  char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED || mprotect(p + page, page, PROT_NONE))
    return 2;
  memset(p, 'x', page); /* no terminator before the guard page */
  char *tail = NULL;
  ame_atomic { tail = strndup(p + page - 7, 7); }
  printf("strndup before the guard page: %s\n", tail);
  free(tail);
  return 0;
}
