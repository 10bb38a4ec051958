// Ordinary C code compiled with ame-cc prints exactly what it prints when compiled with plain clang, at -O0 and -O2: code outside atomic regions keeps its behavior, and the helpers a region shares with it behave the same inside.
// RUN: %clang -O0 -I%S/../../include %s -o %t.clang.O0 -lm
// RUN: %clang -O2 -I%S/../../include %s -o %t.clang.O2 -lm
// RUN: %ame_cc -O0 %s -o %t.ame.O0 -lm
// RUN: %ame_cc -O2 %s -o %t.ame.O2 -lm
// RUN: %t.clang.O0 > %t.clang.O0.out
// RUN: %t.clang.O2 > %t.clang.O2.out
// RUN: %t.ame.O0 > %t.ame.O0.out
// RUN: %t.ame.O2 > %t.ame.O2.out
// RUN: diff %t.clang.O0.out %t.ame.O0.out
// RUN: diff %t.clang.O2.out %t.ame.O2.out
// RUN: FileCheck %s < %t.ame.O2.out
//
// CHECK: == loops
// CHECK: == done

#include <ame.h>

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*--- loops and integer arithmetic ------------------------------------------*/

static unsigned collatz_steps(unsigned long n) {
  unsigned steps = 0;
  while (n != 1) {
    n = n % 2 ? 3 * n + 1 : n / 2;
    steps++;
  }
  return steps;
}

static void loops(void) {
  puts("== loops");
  unsigned best = 0, arg = 0;
  for (unsigned i = 1; i < 3000; i++) {
    unsigned s = collatz_steps(i);
    if (s > best) {
      best = s;
      arg = i;
    }
  }
  printf("collatz: %u steps at %u\n", best, arg);

  uint32_t h = 2166136261u; /* FNV-1a, unsigned wrap-around */
  int i = 0;
  do {
    h = (h ^ (uint32_t)(i * 7 + 3)) * 16777619u;
  } while (++i < 1000);
  printf("fnv: %08x\n", h);

  long long acc = 0;
  for (int a = -50; a <= 50; a++)
    for (int b = 1; b <= 7; b++) {
      if (a % b == 0)
        continue;
      acc += (a / b) * (long long)(a % b) + (a >> 2) - (b << 3);
    }
  printf("division and shifts: %lld\n", acc);
  printf("limits: %d %u %lld %d\n", INT_MAX, UINT_MAX, LLONG_MIN,
         (int)(signed char)200);
}

/*--- structs, unions, bit-fields -------------------------------------------*/

struct point {
  double x, y;
};

struct shape {
  const char *name;
  struct point corners[4];
  int count;
};

static struct point centroid(const struct shape *s) {
  struct point c = {0, 0};
  for (int i = 0; i < s->count; i++) {
    c.x += s->corners[i].x;
    c.y += s->corners[i].y;
  }
  c.x /= s->count;
  c.y /= s->count;
  return c;
}

struct flags {
  unsigned ready : 1;
  unsigned level : 3;
  signed delta : 5;
  unsigned wide : 20;
  unsigned char tail : 7;
};

union pun {
  float f;
  uint32_t bits;
  unsigned char bytes[4];
};

static void structs(void) {
  puts("== structs");
  struct shape sq = {"square", {{0, 0}, {2, 0}, {2, 2}, {0, 2}}, 4};
  struct shape tri = {.name = "triangle",
                      .corners = {[1] = {3, 0}, [2] = {0, 3}},
                      .count = 3};
  struct shape shapes[] = {sq, tri};
  for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
    struct point c = centroid(&shapes[i]);
    printf("%s centroid (%.3f, %.3f)\n", shapes[i].name, c.x, c.y);
  }
  struct shape copy = sq; /* aggregate copy */
  copy.corners[2].x = -1;
  printf("copy independent: %.1f %.1f\n", sq.corners[2].x, copy.corners[2].x);

  struct flags f = {0};
  for (int i = 0; i < 40; i++) {
    f.ready ^= 1;
    f.level += 3;
    f.delta -= 3;
    f.wide = f.wide * 3 + (unsigned)i;
    f.tail += 11;
  }
  printf("bit-fields: %u %u %d %u %u size %zu\n", f.ready, f.level, f.delta,
         f.wide, f.tail, sizeof f);

  union pun p;
  p.f = -1.5f;
  printf("union: %08x %02x\n", p.bits, p.bytes[3]);
  p.bits = 0x40490fdbu;
  printf("union float: %.6f\n", p.f);
  struct point lit = (struct point){.y = 4.25};
  printf("compound literal: %.2f %.2f\n", lit.x, lit.y);
}

/*--- function pointers, callbacks, qsort, bsearch --------------------------*/

struct person {
  char name[16];
  int age;
};

static int by_age(const void *a, const void *b) {
  const struct person *p = a, *q = b;
  return (p->age > q->age) - (p->age < q->age);
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const struct person *)a)->name,
                ((const struct person *)b)->name);
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
static int negate(int x) { return -x; }

static int apply_all(int (*const fs[])(int), int n, int x) {
  for (int i = 0; i < n; i++)
    x = fs[i](x);
  return x;
}

static void callbacks(void) {
  puts("== callbacks");
  struct person people[] = {
      {"mallory", 41}, {"alice", 30}, {"bob", 25}, {"eve", 35}, {"carol", 30}};
  size_t n = sizeof people / sizeof people[0];
  qsort(people, n, sizeof people[0], by_name);
  for (size_t i = 0; i < n; i++)
    printf("%s%s", i ? " " : "", people[i].name);
  putchar('\n');
  qsort(people, n, sizeof people[0], by_age);
  printf("youngest %s, oldest %s\n", people[0].name, people[n - 1].name);

  int nums[64];
  for (int i = 0; i < 64; i++)
    nums[i] = (i * 37) % 64 - 20;
  qsort(nums, 64, sizeof nums[0], cmp_int);
  int key = 17;
  int *hit = bsearch(&key, nums, 64, sizeof nums[0], cmp_int);
  printf("sorted %d..%d, 17 at %td\n", nums[0], nums[63],
         hit ? hit - nums : (ptrdiff_t)-1);

  int (*const chain[])(int) = {twice, square, negate, twice};
  printf("chain: %d\n", apply_all(chain, 4, 3));
  int (*pick)(int) = nums[0] < 0 ? negate : square;
  printf("picked: %d\n", pick(-9));
}

/*--- varargs ---------------------------------------------------------------*/

static double average(int count, ...) {
  va_list ap;
  va_start(ap, count);
  double sum = 0;
  for (int i = 0; i < count; i++)
    sum += va_arg(ap, double);
  va_end(ap);
  return count ? sum / count : 0;
}

static int format_into(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

static void varargs(void) {
  puts("== varargs");
  printf("average: %.4f\n", average(5, 1.0, 2.5, 3.25, -4.0, 10.125));
  char buf[32];
  int n = format_into(buf, sizeof buf, "%s-%05d-%x-%c", "id", 42, 255, 'Z');
  printf("formatted %d: %s\n", n, buf);
  n = format_into(buf, 8, "%s", "truncated output");
  printf("truncated %d: %s\n", n, buf);
}

/*--- recursion -------------------------------------------------------------*/

static long ackermann(long m, long n) {
  if (m == 0)
    return n + 1;
  if (n == 0)
    return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

static int is_even(unsigned n);
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

static void hanoi(int n, char from, char to, char via, int *moves,
                  char *trace, size_t cap) {
  if (n == 0)
    return;
  hanoi(n - 1, from, via, to, moves, trace, cap);
  size_t len = strlen(trace);
  if (len + 3 < cap) {
    trace[len] = from;
    trace[len + 1] = to;
    trace[len + 2] = ' ';
    trace[len + 3] = '\0';
  }
  ++*moves;
  hanoi(n - 1, via, to, from, moves, trace, cap);
}

static void recursion(void) {
  puts("== recursion");
  printf("ackermann(2, 3) = %ld, ackermann(3, 3) = %ld\n", ackermann(2, 3),
         ackermann(3, 3));
  printf("mutual: %d %d\n", is_even(10), is_odd(7));
  char trace[64] = "";
  int moves = 0;
  hanoi(3, 'A', 'C', 'B', &moves, trace, sizeof trace);
  printf("hanoi: %d moves: %s\n", moves, trace);
}

/*--- strings ---------------------------------------------------------------*/

static void strings(void) {
  puts("== strings");
  char text[] = "The quick brown fox, jumps over; the lazy dog";
  char copy[sizeof text];
  memcpy(copy, text, sizeof text);
  int words = 0;
  for (char *tok = strtok(copy, " ,;"); tok; tok = strtok(NULL, " ,;"))
    words++;
  printf("words: %d, length %zu\n", words, strlen(text));
  printf("strchr: %s | strrchr: %s | strstr: %s\n", strchr(text, 'q'),
         strrchr(text, 'o'), strstr(text, "lazy"));
  char up[sizeof text];
  for (size_t i = 0; i < sizeof text; i++)
    up[i] = (char)toupper((unsigned char)text[i]);
  printf("upper: %.9s cmp %d ncmp %d\n", up, strcmp(text, up) > 0,
         strncmp(text, up, 1));
  char joined[64] = "alpha";
  strcat(joined, "-");
  strncat(joined, "betagamma", 4);
  printf("joined: %s (%zu) spn %zu cspn %zu\n", joined, strlen(joined),
         strspn(joined, "alph"), strcspn(joined, "-"));
  memmove(joined + 2, joined, 5);
  memset(joined + 10, '*', 3);
  printf("moved: %.13s\n", joined);
  char *end;
  long v = strtol("  -0x1fZ", &end, 16);
  printf("strtol: %ld rest '%s' atoi %d\n", v, end, atoi("123abc"));
}

/*--- floating point --------------------------------------------------------*/

static void floating(void) {
  puts("== floating");
  double x = 0.1 + 0.2;
  printf("%.17g %a %e\n", x, x, x * 1e10);
  printf("sqrt %.12f sin %.12f exp %.6e pow %.3f\n", sqrt(2.0), sin(1.0),
         exp(10.0), pow(2.0, 0.5));
  float f = 1.0f / 3.0f;
  printf("float %.9g rounding %.0f %.0f %.0f\n", f, 0.5, 1.5, 2.5);
  double s = 0;
  for (int i = 1; i <= 1000; i++)
    s += 1.0 / ((double)i * i);
  printf("basel %.15f fabs %.2f floor %.1f ceil %.1f\n", s, fabs(-3.75),
         floor(-2.5), ceil(-2.5));
  printf("special: %f %f %d\n", INFINITY, -INFINITY, isnan(NAN));
  long double ld = 1.0L / 7.0L;
  printf("long double %.18Lf\n", ld);
}

/*--- memory, setjmp, static locals ------------------------------------------*/

static jmp_buf escape;

static void deep_fail(int depth) {
  if (depth == 3)
    longjmp(escape, depth * 10);
  deep_fail(depth + 1);
}

static int next_id(void) {
  static int id = 100;
  return id++;
}

static void memory(void) {
  puts("== memory");
  int *v = malloc(10 * sizeof *v);
  for (int i = 0; i < 10; i++)
    v[i] = i * i;
  v = realloc(v, 20 * sizeof *v);
  for (int i = 10; i < 20; i++)
    v[i] = -i;
  long sum = 0;
  for (int i = 0; i < 20; i++)
    sum += v[i];
  free(v);
  int *z = calloc(8, sizeof *z);
  printf("heap sum %ld calloc %d\n", sum, z[7]);
  free(z);

  int n = 6;
  int vla[n];
  for (int i = 0; i < n; i++)
    vla[i] = n - i;
  printf("vla %d %d sizeof %zu\n", vla[0], vla[n - 1], sizeof vla);

  int r = setjmp(escape);
  if (r == 0)
    deep_fail(0);
  printf("longjmp returned %d\n", r);
  int a = next_id(), b = next_id();
  printf("static local %d %d\n", a, b);
}

/*--- switch and goto ---------------------------------------------------------*/

static const char *classify(int c) {
  switch (c) {
  case 'a': case 'e': case 'i': case 'o': case 'u':
    return "vowel";
  case '0' ... '9':
    return "digit";
  case ' ':
    return "space";
  default:
    if (isalpha(c))
      return "consonant";
    return "other";
  }
}

static int find_pair(int target, int *x, int *y) {
  for (int i = 0; i < 10; i++)
    for (int j = 0; j < 10; j++)
      if (i * j == target) {
        *x = i;
        *y = j;
        goto found;
      }
  return 0;
found:
  return 1;
}

static void branches(void) {
  puts("== branches");
  const char *s = "ai 7x!";
  for (const char *p = s; *p; p++)
    printf("%s%s", p == s ? "" : ",", classify(*p));
  putchar('\n');
  int x = -1, y = -1;
  int ok = find_pair(42, &x, &y);
  printf("pair %d: %d*%d\n", ok, x, y);
}

/*--- a region sharing helpers with the code above ---------------------------*/

struct ledger {
  struct flags f;
  union pun u;
  struct point p;
  long total;
  char note[24];
};

static struct ledger book;

static void record(struct ledger *l, int i) {
  l->f.level += (unsigned)i;
  l->f.delta -= 1;
  l->u.bits += (uint32_t)i;
  l->p = (struct point){l->p.x + i, l->p.y - i / 2.0};
  l->total += twice(i) + square(i % 5) + (long)average(2, 1.0, 3.0);
}

static void region(void) {
  puts("== region");
  struct ledger outside = {0};
  for (int i = 0; i < 50; i++) {
    record(&outside, i); /* plain call */
    ame_atomic {
      record(&book, i); /* the same helper in a transaction */
      if (i % 10 == 0)
        memcpy(book.note, "checkpoint", 11);
    }
  }
  printf("outside: %u %d %08x %.2f %.2f %ld\n", outside.f.level,
         outside.f.delta, outside.u.bits, outside.p.x, outside.p.y,
         outside.total);
  printf("inside:  %u %d %08x %.2f %.2f %ld %s\n", book.f.level, book.f.delta,
         book.u.bits, book.p.x, book.p.y, book.total, book.note);
}

int main(void) {
  loops();
  structs();
  callbacks();
  varargs();
  recursion();
  strings();
  floating();
  memory();
  branches();
  region();
  puts("== done");
  return 0;
}
