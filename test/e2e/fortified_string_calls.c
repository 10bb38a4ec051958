// Built with _FORTIFY_SOURCE=2 (Debian's and Fedora's default flags), copies
// into fields of known size whose length is not a constant call glibc's
// checking functions (__strcpy_chk, __strcat_chk, __memcpy_chk, ...). Inside
// atomic blocks each runs as its length check and the transactional
// function, so the blocks keep running side by side (no serial mode): two
// threads rewrite shared records with strcpy, strcat, strncpy, strncat,
// stpcpy, stpncpy, mempcpy, memcpy, memmove and memset, others check inside blocks that a record is
// always one writer's whole. A copy that does not fit still stops the
// program with glibc's message.
// RUN: %ame_cc -O2 -D_FORTIFY_SOURCE=2 -Rpass-analysis=ame %s -o %t 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %t 2 | FileCheck %s
// RUN: env AME_RETRY_LIMIT=0 %t 2 | FileCheck %s
// RUN: not --crash %t 1 overflow 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// REMARK-DAG: call to __strcpy_chk runs as its length check and the transactional function
// REMARK-DAG: call to __strcat_chk runs as its length check and the transactional function
// REMARK-DAG: call to __strncpy_chk runs as its length check and the transactional function
// REMARK-DAG: call to __strncat_chk runs as its length check and the transactional function
// REMARK-DAG: call to __memcpy_chk runs as its length check and the transactional function
// REMARK-DAG: call to __memmove_chk runs as its length check and the transactional function
// REMARK-DAG: call to __memset_chk runs as its length check and the transactional function
// REMARK-DAG: call to __stpcpy_chk runs as its length check and the transactional function
// REMARK-DAG: call to __stpncpy_chk runs as its length check and the transactional function
// CHECK: records whole: yes
// CHECK-NEXT: last record: w1-7-tail|w1-7-tail|w1-7|1111111|abcabcabc
// CHECK-NEXT: serial commits: 0
// OVERFLOW: fits: 0123456789abcde
// OVERFLOW: *** buffer overflow detected ***
#define _GNU_SOURCE
#include <ame.h>

#include <stdio.h>
#include <string.h>

#include "Inputs/threads.h"

enum { ITERS = 4000 };

struct record {
  char a[24], b[24], c[24];
  long words[8];
  char d[16], e[16];
  long e_len;
  char d2[16]; // last, for the overflow below
};
static struct record rec, last;

// Lengths the compiler cannot know, so the checking calls stay.
static volatile int len_salt;

__attribute__((noinline)) static void write_record(struct record *r,
                                                   const char *who, int k) {
  char name[16];
  snprintf(name, sizeof name, "%s-%d", who, k % 10);
  strcpy(r->a, name);
  strcat(r->a, "-tail");
  strncpy(r->b, r->a, sizeof r->b - 1 - len_salt);
  strncpy(r->c, name, strlen(name) + 1 + len_salt);
  strncat(r->c, "-tail-that-is-cut", (size_t)len_salt);
  long v = who[1] - '0';
  for (int i = 0; i < 8; i++)
    r->words[i] = v;
  memmove(r->words + 1, r->words, (7 + len_salt) * sizeof(long));
  memset(r->d, 0, sizeof r->d - (size_t)len_salt);
  memcpy(r->d, "abcabcabc", 9 + (size_t)len_salt);
  char *end = stpcpy(r->d2, "abc" + len_salt);
  end = mempcpy(end, "abcabc", 6 + (size_t)len_salt);
  *end = 0;
  r->e_len = stpncpy(r->e, r->c, sizeof r->e - (size_t)len_salt) - r->e;
}

// Whether r is one writer's whole record.
__attribute__((noinline)) static int whole(const struct record *r) {
  char want[24];
  snprintf(want, sizeof want, "%s-tail", r->c);
  if (strcmp(r->a, want) || strcmp(r->b, r->a) || strncmp(r->c, r->a, strlen(r->c)))
    return 0;
  for (int i = 0; i < 8; i++)
    if (r->words[i] != r->c[1] - '0')
      return 0;
  return !strcmp(r->d, "abcabcabc") && !strcmp(r->d2, r->d) &&
         !strcmp(r->e, r->c) && r->e_len == (long)strlen(r->c);
}

static void *work(void *arg) {
  long id = (long)arg, bad = 0;
  pthread_barrier_wait(&start_line);
  for (int k = 1; k <= ITERS; k++) {
    if (id < 2) {
      ame_atomic { write_record(&rec, id ? "w1" : "w0", id ? 7 : k); }
    } else {
      int ok;
      ame_atomic { ok = whole(&rec); }
      bad += !ok;
    }
  }
  return (void *)bad;
}

int main(int argc, char **argv) {
  if (argc > 2) {
    // A copy that does not fit the record's last field: 15 characters and
    // the NUL do, 16 do not.
    const char *fits = "0123456789abcde", *not_fits = "0123456789abcdef";
    ame_atomic { strcpy(rec.d2, fits + len_salt); }
    printf("fits: %s\n", rec.d2);
    fflush(stdout);
    ame_atomic { strcpy(rec.d2, not_fits + len_salt); }
    printf("not reached\n");
    return 0;
  }
  int threads = e2e_threads(argc, argv);
  if (!threads)
    return 2;
  ame_atomic { write_record(&rec, "w0", 0); }
  long bad = e2e_run(threads + 1, work);
  // The last block of thread 1 wrote its record; thread 0 may have come after.
  ame_atomic { write_record(&rec, "w1", 7); }
  printf("records whole: %s\n", !bad && whole(&rec) ? "yes" : "no");
  printf("last record: %s|%s|%s|", rec.a, rec.b, rec.c);
  for (int i = 1; i < 8; i++)
    printf("%ld", rec.words[i]);
  printf("|%s\n", rec.d);
  struct ame_stats s;
  ame_stats_total(&s);
  printf("serial commits: %llu\n", (unsigned long long)s.serial_commits);
  return 0;
}
