// sscanf and vsscanf inside blocks run beside other transactions: the
// runtime matches each directive alone against a private copy of the input,
// so the results equal the C library's for every directive (return value,
// each stored value, %n, failures part way, the input's end: EOF when it
// ends before anything was stored, also after a suppressed conversion, and
// %Nc stores only the characters it read, leaving the rest as it was); values reach
// locals declared outside the block, globals and a callee's locals through
// barriers; the input is one whole version of a string that other blocks
// keep rewriting (torn with a plain read); a positional or allocating
// format turns the block serial at its site and still matches.
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 2 | FileCheck %s
// RUN: %ame_cc -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// CHECK: scans differing 0 of 28
// CHECK-NEXT: into a callee's locals: 12 ab 2.5
// CHECK-NEXT: into locals outside the block: 5 6
// CHECK-NEXT: torn scans 0
// CHECK-NEXT: positional: 2 7 8
// CHECK-NEXT: allocating: 1 word
// CHECK-NEXT: serial 2
// IR-DAG: call i32 (ptr, ptr, ptr, ptr, ...) @__ame_sscanf(
// IR-DAG: call i32 @__ame_vsscanf(
#include <ame.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Where the values go: a global the block writes (shared memory).
static struct {
  int i[4];
  unsigned u;
  long l;
  long long ll;
  short h;
  signed char hh;
  double d;
  float f;
  long double ld;
  char s[32], s2[32], c[4];
  void *p;
  int n, n2;
  size_t z;
} got, want;

__attribute__((noinline)) static int scan_v(const char *in, const char *fmt,
                                            ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsscanf(in, fmt, ap);
  va_end(ap);
  return r;
}

// Each row: input, format, and the fields of *V it stores into; V points
// at `want` for plain sscanf, at `got` for the block.
#define ROWS(X)                                                                \
  X("12 -7 0x1f 017", "%d %i %i %i", &V->i[0], &V->i[1], &V->i[2], &V->i[3])   \
  X("  42abc", "%d%s", &V->i[0], V->s)                                         \
  X("4000000000 -3", "%u %ld", &V->u, &V->l)                                   \
  X("123456789012 70000 300", "%lld %hd %hhd", &V->ll, &V->h, &V->hh)          \
  X("3.25 -1e3 0x1p4", "%lf %f %Lf", &V->d, &V->f, &V->ld)                     \
  X("key=value;rest", "%[^=]=%[^;];%n", V->s, V->s2, &V->n)                    \
  X("abcdef", "%3c%2s", V->c, V->s)                                            \
  X("10 20 30", "%*d %d %n%d", &V->i[0], &V->n, &V->i[1])                      \
  X("100%  done", "%d%% %s", &V->i[0], V->s)                                   \
  X("", "%d", &V->i[0])                                                        \
  X("   ", " %d", &V->i[0])                                                    \
  X("12 x", "%d %d", &V->i[0], &V->i[1])                                       \
  X("abc", "abd%d", &V->i[0])                                                  \
  X("7", "%d %d", &V->i[0], &V->i[1])                                          \
  X("0x10 ff", "%x %X", &V->u, (unsigned *)&V->i[0])                           \
  X("0x1234", "%p", &V->p)                                                     \
  X("99 bottles", "%zu %5s", &V->z, V->s)                                      \
  X("-", "%d", &V->i[0])                                                       \
  X("a  b", "%c %c", &V->c[0], &V->c[1])                                       \
  X("12345", "%2d%3d", &V->i[0], &V->i[1])                                     \
  X("nan inf", "%lf %lf", &V->d, (double *)&V->ll)                             \
  X("[x]", "[%[a-z]]%n", V->s, &V->n)                                          \
  X("  \t\n5", "%d", &V->i[0])                                                 \
  X("1,2", "%d,%d%n", &V->i[0], &V->i[1], &V->n2)                          \
  X("12", "%*d %d", &V->i[0])                                                  \
  X("12 ", "%*d x%d", &V->i[0])                                                \
  X("ab", "%4c", V->c)                                                         \
  X("xyz", "%*c%3c", V->c)

static int rows, differing;

#define ROW(in, ...)                                                           \
  {                                                                            \
    memset(&want, 0x5a, sizeof want);                                          \
    memset(&got, 0x5a, sizeof got);                                            \
    V = &want;                                                                 \
    int wr = sscanf(in, __VA_ARGS__), gr;                                      \
    V = &got;                                                                  \
    ame_atomic { gr = scan_v(in, __VA_ARGS__); }                               \
    rows++;                                                                    \
    if (wr != gr || memcmp(&want, &got, sizeof want)) {                        \
      differing++;                                                             \
      printf("differs on \"%s\": %d vs %d\n", in, wr, gr);                     \
    }                                                                          \
  }

static void check_rows(void) {
  typeof(&got) V;
  ROWS(ROW)
  printf("scans differing %d of %d\n", differing, rows);
}

// Into the callee's own locals, by the variadic form.
__attribute__((noinline)) static void parse_here(const char *in, char *out,
                                                 size_t n) {
  int a;
  char b[8];
  double c;
  sscanf(in, "%d %7s %lf", &a, b, &c);
  snprintf(out, n, "%d %s %g", a, b, c);
}

#define TEXT 3000 /* long: a plain read would overlap a write-back */
static char shared_text[TEXT + 1];
static volatile int stop;

static void *rewriter(void *arg) {
  (void)arg;
  for (unsigned i = 0; !stop; i++) {
    char c = '1' + i % 9;
    ame_atomic {
      memset(shared_text, c, TEXT / 2 - 1);
      memset(shared_text + TEXT / 2, c, TEXT / 2 - 1);
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  check_rows();

  char out[64];
  ame_atomic { parse_here("12 ab 2.5", out, sizeof out); }
  printf("into a callee's locals: %s\n", out);
  int a = 0, b = 0;
  ame_atomic { sscanf("5 6", "%d %d", &a, &b); }
  printf("into locals outside the block: %d %d\n", a, b);

  struct ame_stats before;
  ame_stats_total(&before);
  memset(shared_text, '1', TEXT - 1); // two words of TEXT / 2 - 1 bytes
  shared_text[TEXT / 2 - 1] = ' ';
  pthread_t t;
  if (threads > 1)
    pthread_create(&t, NULL, rewriter, NULL);
  int torn = 0;
  static char first[TEXT], second[TEXT];
  for (int i = 0; i < 10000; i++) {
    ame_atomic { sscanf(shared_text, "%s %s", first, second); }
    if (strcmp(first, second))
      torn++;
  }
  stop = 1;
  if (threads > 1)
    pthread_join(t, NULL);
  printf("torn scans %d\n", torn);

  int x = 0, y = 0, r;
  ame_atomic { r = sscanf("7 8", "%2$d %1$d", &y, &x); }
  printf("positional: %d %d %d\n", r, x, y);
  char *word = NULL;
  ame_atomic { r = sscanf("word", "%ms", &word); }
  printf("allocating: %d %s\n", r, word);
  free(word);
  struct ame_stats after;
  ame_stats_total(&after);
  printf("serial %llu\n",
         (unsigned long long)(after.serial_commits - before.serial_commits));
  return 0;
}
