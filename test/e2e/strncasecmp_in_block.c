// strncasecmp inside blocks runs as it is on private copies of at most n
// bytes of each string (json-c's tokener matches "null", "true", "NaN" this
// way): no commit turns inevitable or serial, the copy is always one whole
// version of a string other blocks keep rewriting, results equal the C
// library's, and no byte past the n-th is read (a string with no
// terminator before an unmapped page).
// Under load a block may reach the retry limit and run inevitably for
// starvation freedom, which says nothing about the calls: the limit is raised.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: env AME_RETRY_LIMIT=1000000 %t.O0 2 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t
// RUN: env AME_RETRY_LIMIT=1000000 %t 2 | FileCheck %s
// RUN: %ame_cc -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// CHECK: torn or wrong 0
// CHECK-NEXT: inevitable 0, serial 0
// CHECK-NEXT: same as outside: 0 0 -1 -1 -1 1
// CHECK-NEXT: before the guard page: 0 1
// IR: call ptr @__ame_string_copy_n(ptr %{{[^,]*}}, ptr {{.*}}, i32 0, i64
// IR: call ptr @__ame_string_copy_n(ptr %{{[^,]*}}, ptr {{.*}}, i32 1, i64
// IR: call {{.*}}i32 @strncasecmp(ptr
#define _GNU_SOURCE
#include <ame.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "Inputs/threads.h"

static char name[64] = "bbbbbbbbbbbbbbbbbbbb";
static const char as[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; // 40
static const char bs[] = "BBBBBBBBBBBBBBBBBBBB";                     // 20

static void *work(void *arg) {
  long id = (long)arg, bad = 0;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < 20000; i++) {
    int a, b, prefix;
    ame_atomic {
      if ((i + id) % 3 == 0) {
        int to_a = name[0] != 'A';
        memset(name, to_a ? 'A' : 'b', to_a ? 40 : 20);
        name[to_a ? 40 : 20] = 0;
      }
      a = strncasecmp(name, as, 41);
      b = strncasecmp(bs, name, 64);
      prefix = strncasecmp(name, name[0] == 'A' ? as : bs, 10);
    }
    // Exactly one of the two whole versions, and its first 10 bytes.
    bad += ((a == 0) == (b == 0)) || prefix != 0;
  }
  return (void *)bad;
}

static void compare(const char *x, const char *y, int *out) {
  size_t n[] = {0, 3, 5, 6, 100, 2};
  for (int i = 0; i < 6; i++) {
    int r = strncasecmp(x + (i == 5), y, n[i]);
    out[i] = r < 0 ? -1 : r > 0;
  }
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  e2e_run_and_count_modes(n, work, "torn or wrong");

  static char x[] = "NuLLs", y[] = "nullX";
  int in[6], out[6];
  ame_atomic { compare(x, y, in); }
  compare(x, y, out);
  printf("same as outside:");
  for (int i = 0; i < 6; i++)
    printf(" %d", in[i] == out[i] ? in[i] : 99);
  printf("\n");

  long page = sysconf(_SC_PAGESIZE);
  char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED || mprotect(p + page, page, PROT_NONE))
    return 2;
  memset(p, 'x', page); /* no terminator before the guard page */
  int eq, gt;
  ame_atomic {
    eq = strncasecmp(p + page - 7, "XXXXXXX", 7);
    gt = strncasecmp("xxxxxxy", p + page - 7, 7) > 0;
  }
  printf("before the guard page: %d %d\n", eq, gt);
  return 0;
}
