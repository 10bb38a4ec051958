// fprintf of a shared string inside a block prints a state some serial order of the blocks produces: blocks on other threads that rewrite the string never show half-rewritten in the output.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: torn lines: 0
// CHECK-NEXT: PASS

#include <ame.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "Inputs/threads.h"

enum { LINES = 200000, LEN = 1000, WRITES = 200000 };

/* Always LEN copies of one letter: 16 cache lines. */
static _Alignas(64) char text[LEN + 1];

static long torn_in(const char *buf, size_t len) {
  long torn = 0;
  for (const char *p = buf; p < buf + len;) {
    const char *nl = memchr(p, '\n', (size_t)(buf + len - p));
    if (!nl)
      return torn + 1;
    int whole = nl - p == LEN;
    for (const char *q = p; whole && q < nl; q++)
      whole = *q == *p;
    torn += !whole;
    p = nl + 1;
  }
  return torn;
}

static void *work(void *arg) {
  long id = (long)arg;
  pthread_barrier_wait(&start_line);
  if (id % 2 == 0) {
    char *buf;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
      exit(2);
    for (int i = 0; i < LINES / 2; i++)
      ame_atomic { fprintf(f, "%s\n", text); }
    fclose(f);
    long torn = torn_in(buf, len);
    free(buf);
    return (void *)torn;
  }
  for (int i = 0; i < WRITES / 2; i++) {
    char c = (char)('a' + (i + id) % 26);
    ame_atomic {
      for (int k = 0; k < LEN; k++)
        text[k] = c;
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = e2e_threads(argc, argv);
  if (!threads)
    return 2;
  memset(text, 'a', LEN);
  long torn = e2e_run(threads, work);
  printf("torn lines: %ld\n", torn);
  printf("%s\n", torn ? "FAIL" : "PASS");
  return torn != 0;
}
