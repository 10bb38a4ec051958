// vsnprintf, vsprintf, sprintf and snprintf with a size known only at run
// time format inside blocks beside other transactions: the runtime formats
// each conversion alone, so the text equals the C library's for every
// conversion, flag, width and precision; %s prints one whole version of a
// string other blocks keep rewriting (read through barriers, at most the
// precision's bytes of an array without a terminator); %n's count is written
// through a barrier; a positional format turns the block serial at its site
// and still prints the C library's text. asprintf and vasprintf allocate
// the text as malloc would. A conversion that fails (EOVERFLOW) leaves the
// text before it, terminated, as the C library does. The same with _FORTIFY_SOURCE's
// checking forms, whose size check still stops the program.
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 2 | FileCheck %s
// RUN: %ame_cc -O2 -D_FORTIFY_SOURCE=2 %s -o %t.fortify
// RUN: %t.fortify 2 | FileCheck %s
// RUN: not %t.fortify overflow 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// RUN: %ame_cc -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_cc -O2 -D_FORTIFY_SOURCE=2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_cc -O2 -Rpass=ame -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=REMARK
// CHECK: formats differing 0 of 32
// CHECK-NEXT: torn prints 0
// CHECK-NEXT: counts 19 19
// CHECK-NEXT: unterminated: [abc]
// CHECK-NEXT: allocated: 9 [x-42-2.50] 8 [<     7>]
// CHECK-NEXT: positional: [b a]
// CHECK-NEXT: serial 1 (vsnprintf 1)
// OVERFLOW: buffer overflow detected
// REMARK: remark: call to vsnprintf formats in the runtime, conversion by conversion, from private copies of its strings
// IR-DAG: call i32 @__ame_vsnprintf(
// IR-DAG: call i32 @__ame_vasprintf(
// IR-DAG: call i32 (ptr, ptr, ptr, ptr, ...) @__ame_asprintf(
// IR-DAG: call i32 (ptr, ptr, i64, i64, ptr, ptr, ...) @__ame_snprintf(
#define _GNU_SOURCE /* asprintf */
#include <ame.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NAME 4000 /* long: a plain read would overlap a write-back */
static char out[2 * NAME];
static char shared_name[NAME + 1];
static volatile int stop;

__attribute__((noinline)) static int say(char *buf, size_t n, const char *fmt,
                                         ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(buf, n, fmt, ap);
  va_end(ap);
  return r;
}

__attribute__((noinline)) static int say_allocated(char **p, const char *fmt,
                                                   ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vasprintf(p, fmt, ap);
  va_end(ap);
  return r;
}

__attribute__((noinline)) static int say_unbounded(char *buf, const char *fmt,
                                                   ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsprintf(buf, fmt, ap);
  va_end(ap);
  return r;
}

// Each row formats the same arguments; the block and plain code must agree.
#define ROWS(X)                                                                \
  X("%d|%i|%5d|%-5d|%05d|%+d|% d", -42, 7, 3, 3, 3, 3, 3)                      \
  X("%u %o %x %X %#x %#o", 4000000000u, 8u, 255u, 255u, 255u, 8u)              \
  X("%ld %lu %lld %llu %llx", -1L, 2UL, -3LL, 4ULL, 0xdeadbeefcafeULL)         \
  X("%hhd %hhu %hd %hu", 300, 300, 70000, 70000)                               \
  X("%zu %zd %td %jd %ju", (size_t)12, (ssize_t)-12, (ptrdiff_t)-5,            \
    (intmax_t)-6, (uintmax_t)6)                                                \
  X("%f %.2f %10.3f %-10.1f| %e %E %g %G", 3.14159, 2.5, -1.0, 9.99,           \
    12345.678, 0.000123, 1e-10, 1e20)                                          \
  X("%a %A %Lf %Le", 1.5, -0.25, (long double)1.25, (long double)-2.5)         \
  X("%c%c%c %5c %-3c|", 'a', 'b', 'c', 'x', 'y')                               \
  X("%s|%10s|%-10s|%.3s|%10.2s|", "hello", "hi", "hi", "truncate", "ab")       \
  X("%*d|%-*d|%.*f|%*.*f|%.*s|", 6, 1, 6, 2, 3, 1.0, 8, 2, 3.0, -1, "negprec") \
  X("%s %s %s", "one", "two", "three")                                         \
  X("%% literal %%d %s", "x")                                                  \
  X("%p %p", (void *)0x1234, (void *)0)                                        \
  X("%s", (char *)0)                                                           \
  X("no conversions at all")                                                   \
  X("%5.1s|%.0s|%-8.3s|", "abc", "abc", "abcdef")                              \
  X("%'d %'.2f", 1234567, 5.5)                                                 \
  X("%qd %zx", 7LL, (size_t)255)                                               \
  X("%08.3f|%-+8.2e|%#g|%#.0f", 3.5, 2.0, 1.0, 2.0)                            \
  X("%.10d|%.0d|%+.3d|% 06d", 42, 0, 7, 9)                                     \
  X("%x%x%x%x%x%x%x%x%x%x", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)                     \
  X("%llo %llX %#llx", 0777ULL, 0xabcULL, 0ULL)                                \
  X("%-20s|%20s|", "left", "right")                                            \
  X("%3$s %1$s %2$s", "a", "b", "c")                                           \
  X("%.3d%.3d%.3d", 1, 22, 333)                                                \
  X("%hhx %hx", 0x1ff, 0x1ffff)                                                \
  X("%.15g %.17g", 0.1, 1.0 / 3)                                               \
  X("%5%|%-5%|")                                                               \
  X("%s=%d;%s=%d;", "k1", 1, "k2", 2)                                          \
  X("[%*s]", -6, "ab")                                                         \
  X("%Lg %La", (long double)1e300 * 1e10, (long double)0.5)                    \
  X("ab%.2147483648d|", 1)

static int differing, rows;

#define ROW(...)                                                               \
  {                                                                            \
    char want[256], got[256];                                                  \
    int wn = snprintf(want, sizeof want, __VA_ARGS__);                         \
    int gn;                                                                    \
    ame_atomic { gn = say(out, sizeof out, __VA_ARGS__); }                     \
    memcpy(got, out, sizeof got);                                              \
    rows++;                                                                    \
    if (wn != gn || strcmp(want, got)) {                                       \
      differing++;                                                             \
      printf("differs: [%s] (%d) vs [%s] (%d)\n", want, wn, got, gn);          \
    }                                                                          \
  }

// The row with %3$s goes through the serial fallback: count it apart.
static void check_rows(void) {
  ROWS(ROW)
  printf("formats differing %d of %d\n", differing, rows);
}

static void *rewriter(void *arg) {
  (void)arg;
  for (unsigned i = 0; !stop; i++) {
    char c = 'a' + i % 26;
    ame_atomic { memset(shared_name, c, NAME); }
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "overflow")) {
    char small[4];
    const char *volatile fmt = "%s";
    ame_atomic { sprintf(small, fmt, "far too long"); }
    printf("%s\n", small);
    return 0;
  }
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  memset(shared_name, 'a', NAME);
  check_rows();
  struct ame_stats before;
  ame_stats_total(&before);

  pthread_t t;
  if (threads > 1)
    pthread_create(&t, NULL, rewriter, NULL);
  int torn = 0;
  for (int i = 0; i < 5000; i++) {
    size_t n = sizeof out - (size_t)(i % 8); // known only at run time
    ame_atomic { snprintf(out, n, "<%s|%.10s>", shared_name, shared_name); }
    for (int k = 2; k < 1 + NAME + 1 + 10; k++) // both copies, not the '|'
      if (k != 1 + NAME && out[k] != out[1])
        torn++;
  }
  stop = 1;
  if (threads > 1)
    pthread_join(t, NULL);
  printf("torn prints %d\n", torn);

  int n1 = -1, n2 = -1;
  const char *volatile fmt = "%s and %d%n";
  ame_atomic { say_unbounded(out, "%s and %d%n", "a string", 123456, &n1); }
  ame_atomic { sprintf(out + 100, fmt, "a string", 123456, &n2); }
  printf("counts %d %d\n", n1, n2);

  // Three bytes before an unmapped page: %.3s reads no further.
  long page = sysconf(_SC_PAGESIZE);
  char *two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(two + page, page);
  memcpy(two + page - 3, "abc", 3);
  ame_atomic { say(out, sizeof out, "[%.3s]", two + page - 3); }
  printf("unterminated: %s\n", out);

  char *a1 = NULL, *a2 = NULL;
  int r1, r2;
  ame_atomic { r1 = asprintf(&a1, "%s-%d-%.2f", "x", 42, 2.5); }
  ame_atomic { r2 = say_allocated(&a2, "<%*d>", 6, 7); }
  printf("allocated: %d [%s] %d [%s]\n", r1, a1, r2, a2);
  free(a1);
  free(a2);

  struct ame_stats mid;
  ame_stats_total(&mid);
  ame_atomic { say(out, sizeof out, "[%2$s %1$s]", "a", "b"); }
  printf("positional: %s\n", out);
  struct ame_stats after;
  ame_stats_total(&after);
  printf("serial %llu (vsnprintf %llu)\n",
         (unsigned long long)(after.serial_commits - before.serial_commits),
         (unsigned long long)(after.serial_commits - mid.serial_commits));
  return 0;
}
