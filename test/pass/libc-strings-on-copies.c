// String searches and comparisons (strspn, strcspn, strpbrk, strstr, strcasestr, strrchr, strcoll, strcasecmp, strverscmp), nan's parse of its string and memmem's search of bytes (copies of exactly the bytes it is given, NULs included) run as they are inside a block on private copies of their strings (__ame_string_copy), with returned pointers mapped back into the program's string; snprintf with a constant size and a format with at most two %s (whole strings, copied privately; a null one prints as in the C library) formats into a private buffer and copies out the bytes it wrote. Results equal the C library's outside any block, and no block becomes inevitable. At -O0 and -O2.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib -lm && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib -lm && %t.O2 | FileCheck %s
#define _GNU_SOURCE
#include <ame.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <math.h>

static char text[] = "  hello, World: the quick brown fox";
static char word[] = "quick";
static char version[] = "file10.txt", payload[] = "0x2a";
static char bytes[] = {'a', 'b', 0, 'c', 'd', 0, 'e', 'f'};
static char *volatile none; /* a null %s */

struct results {
  long spn, cspn, pbrk, str, casestr, rchr, mem;
  int mem_none;
  int coll, casecmp, verscmp;
  double nan_bits;
  char out[16];
  int outlen;
  char named[32];
  int namedlen;
  char nulls[24];
};

// IR-LABEL: define internal void @compute.ame.tx(
// IR-NOT: call void @__ame_irrevocable_v2
// IR: call ptr @__ame_string_copy(ptr %{{[^,]*}}, ptr
// IR: call {{.*}}i64 @strspn(ptr
// IR: call ptr @__ame_range_copy(ptr %{{[^,]*}}, ptr {{.*}}, i32 0, i64 8, ptr @.ame.site{{[.0-9]*}})
// IR: call ptr @__ame_range_copy(ptr %{{[^,]*}}, ptr {{.*}}, i32 1, i64 3, ptr @.ame.site{{[.0-9]*}})
// IR: call {{.*}}ptr @memmem(ptr
// IR: call {{.*}}i32 (ptr, i64, ptr, ...) @snprintf(ptr
// IR: call ptr @__ame_string_copy(ptr %{{[^,]*}}, ptr {{.*}}, i32 0, ptr @.ame.site{{[.0-9]*}})
// IR: call ptr @__ame_string_copy(ptr %{{[^,]*}}, ptr {{.*}}, i32 1, ptr @.ame.site{{[.0-9]*}})
// IR: call {{.*}}i32 (ptr, i64, ptr, ...) @snprintf(ptr
// IR: ret void
static void compute(struct results *r) {
  r->spn = (long)strspn(text, " ");
  r->cspn = (long)strcspn(text, ",:");
  r->pbrk = strpbrk(text, "WX") - text;
  r->str = strstr(text, word) - text;
  r->casestr = strcasestr(text, "WORLD") - text;
  r->rchr = strrchr(text, 'o') - text;
  r->coll = strcoll(word, "quiet") > 0;
  r->casecmp = strcasecmp("Hello", text + 2) < 0;
  r->verscmp = strverscmp(version, "file9.txt") > 0;
  r->nan_bits = nan(payload);
  r->mem = (char *)memmem(bytes, sizeof bytes, "\0ef", 3) - bytes;
  r->mem_none = memmem(bytes, sizeof bytes - 1, "ef", 2) == NULL;
  r->outlen = snprintf(r->out, 8, "%d-%.2f", 12345, 2.5);
  r->namedlen = snprintf(r->named, sizeof r->named, "<%s|%s:%d>", word,
                         text + 9, 7);
  snprintf(r->nulls, sizeof r->nulls, "[%s]", none);
}

__attribute__((noinline)) static void in_block(struct results *r) {
  ame_atomic { compute(r); }
}

int main(void) {
  static struct results tx, plain;
  in_block(&tx);
  compute(&plain);
  // CHECK: 2 7 9 20 9 33 0 1 1 nan [12345-2] 10
  printf("%ld %ld %ld %ld %ld %ld %d %d %d %.0f [%s] %d\n", tx.spn, tx.cspn,
         tx.pbrk, tx.str, tx.casestr, tx.rchr, tx.coll, tx.casecmp, tx.verscmp,
         tx.nan_bits, tx.out, tx.outlen);
  // CHECK-NEXT: memmem 5 1
  printf("memmem %ld %d\n", tx.mem, tx.mem_none);
  // CHECK-NEXT: <quick|World: the quick brown f 36
  printf("%s %d\n", tx.named, tx.namedlen);
  // CHECK-NEXT: same as outside: yes
  printf("same as outside: %s\n", memcmp(&tx, &plain, sizeof tx) ? "no" : "yes");
  // CHECK-NEXT: inevitable commits 0
  struct ame_stats s;
  ame_stats_total(&s);
  printf("inevitable commits %llu\n", (unsigned long long)s.inevitable_commits);
  return 0;
}
