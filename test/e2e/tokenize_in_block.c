// strtok_r and strsep inside blocks run transactionally (no inevitable or
// serial commit) on shared strings other blocks keep rewriting: the tokens,
// the terminators written into the string and the saved positions equal
// the C library's, tokens longer than the runtime's first private copy
// included, and each block splits one whole version of the string.
// Under load a block may reach the retry limit and run inevitably for
// starvation freedom, which says nothing about the calls: the limit is raised.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: env AME_RETRY_LIMIT=1000000 %t.O0 2 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t
// RUN: env AME_RETRY_LIMIT=1000000 %t 2 | FileCheck %s
// RUN: %ame_cc -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %if asan %{ %ame_cc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all %s -o %t.asan %}
// RUN: %if asan %{ env AME_RETRY_LIMIT=1000000 %t.asan 2 | FileCheck %s %}
// CHECK: same as outside: 10 of 10
// CHECK-NEXT: torn or wrong 0
// CHECK-NEXT: inevitable 0, serial 0
// IR-DAG: call ptr @__ame_strtok_r(
// IR-DAG: call ptr @__ame_strsep(
#define _GNU_SOURCE
#include <ame.h>

#include <stdio.h>
#include <string.h>

#include "Inputs/threads.h"

static const char *const inputs[] = {
    "a,b,,c;d",
    ",,leading and trailing;;",
    "",
    ";;;",
    "one",
    "x;"
    "a-token-longer-than-sixty-four-bytes-so-the-runtime-copy-must-grow-"
    "twice-over-to-hold-it-whole-and-then-some-more-bytes;y",
    "k=v;k2=v2,,k3",
    ",",
    "no delimiters at all but spaces",
    ";a;b;c;d;e;f;g;h;i;j;k;l;m;n;o;p;q;r;s;t;u;v;w;x;y;z;",
};
enum { INPUTS = sizeof inputs / sizeof *inputs };

// What splitting leaves: the tokens, their offsets, and the whole buffer
// afterwards (terminators included).
struct split {
  char buf[256];
  long offs[64], save_end, n;
  long sep_offs[64], sep_n;
  char sep_buf[256];
};

static void split(const char *in, struct split *r, char *work, char *work2) {
  memset(r, 0, sizeof *r);
  strcpy(work, in);
  char *save = NULL;
  for (char *t = strtok_r(work, ",;", &save); t;
       t = strtok_r(NULL, ",;", &save))
    r->offs[r->n++] = t - work;
  r->save_end = save - work;
  memcpy(r->buf, work, sizeof r->buf);
  strcpy(work2, in);
  char *s = work2, *t;
  while ((t = strsep(&s, ",;")))
    r->sep_offs[r->sep_n++] = t - work2;
  memcpy(r->sep_buf, work2, sizeof r->sep_buf);
}

static char shared[256], shared2[256];
static char line[256] = "p,q,r";

static void *work(void *arg) {
  long id = (long)arg, bad = 0;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < 5000; i++) {
    long n = 0, len = 0;
    char first = 0;
    ame_atomic {
      if ((i + id) % 3 == 0)
        strcpy(line, line[0] == 'p' ? "x,y,z,w,v,u" : "p,q,r");
      char mine[64], *save;
      strcpy(mine, line);
      for (char *t = strtok_r(mine, ",", &save); t;
           t = strtok_r(NULL, ",", &save)) {
        n++;
        first = first ? first : *t;
      }
      char *rest = line, *t;
      while ((t = strsep(&rest, ",")))
        len += (long)strlen(t) + 1;
      // Put the commas strsep replaced back: the string stays shared.
      for (long k = 0; k + 1 < len; k++)
        if (!line[k])
          line[k] = ',';
    }
    bad += !((first == 'p' && n == 3 && len == 6) ||
             (first == 'x' && n == 6 && len == 12));
  }
  return (void *)bad;
}

int main(int argc, char **argv) {
  int same = 0;
  for (int i = 0; i < INPUTS; i++) {
    static struct split tx, plain;
    static char work1[256], work2[256];
    ame_atomic { split(inputs[i], &tx, shared, shared2); }
    split(inputs[i], &plain, work1, work2);
    same += !memcmp(&tx, &plain, sizeof tx);
  }
  printf("same as outside: %d of %d\n", same, INPUTS);

  int n = e2e_threads(argc, argv);
  e2e_run_and_count_modes(n, work, "torn or wrong");
  return 0;
}
