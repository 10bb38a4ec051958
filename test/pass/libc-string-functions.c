// memcmp, bcmp, memchr, memrchr, memccpy, strlen, strcmp, strncmp, strchr, strcpy, stpcpy, strcat, strnlen, strncpy, stpncpy and strncat inside a block call transactional versions (__ame_tx_*.at) built on the barriers, and explicit_bzero is a memset through them: same results as libc, and the block does not become inevitable. At -O0 and -O2. Each call passes one site per pointer argument, and the version's barriers use those sites (their kinds and names: test/e2e/profile_libc_strings.c).
// RUN: %ame_clang -O0 -fno-builtin -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#define _GNU_SOURCE
#include <ame.h>
#include <stdio.h>
#include <string.h>

// IR-LABEL: define internal i32 @main.ame.region(
// IR-NOT: call void @__ame_irrevocable_v2
// IR-DAG: call i32 @__ame_tx_memcmp.at(ptr
// IR-DAG: call ptr @__ame_tx_memchr.at(ptr
// IR-DAG: call ptr @__ame_tx_memrchr.at(ptr
// IR-DAG: call ptr @__ame_tx_memccpy.at(ptr
// IR-DAG: call i64 @__ame_tx_strlen.at(ptr %0, ptr @a, ptr @.ame.site
// IR-DAG: call i32 @__ame_tx_strcmp.at(ptr
// IR-DAG: call i32 @__ame_tx_strncmp.at(ptr
// IR-DAG: call ptr @__ame_tx_strchr.at(ptr
// IR-DAG: call ptr @__ame_tx_strcpy.at(ptr %0, ptr @b, ptr @.str{{[.0-9]*}}, ptr @.ame.site{{[.0-9]*}}, ptr @.ame.site{{[.0-9]*}})
// IR-DAG: call ptr @__ame_tx_strcat.at(ptr
// IR-DAG: call i64 @__ame_tx_strnlen.at(ptr
// IR-DAG: call ptr @__ame_tx_strncpy.at(ptr
// IR-DAG: call ptr @__ame_tx_strncat.at(ptr
// IR-DAG: call ptr @__ame_tx_stpcpy.at(ptr
// IR-DAG: call ptr @__ame_tx_stpncpy.at(ptr
// IR: ret i32 0
// IR-LABEL: define internal i64 @__ame_tx_strlen.at(ptr %0, ptr %1, ptr %2)
// IR: call i8 @__ame_load_1(ptr %0, ptr %{{[0-9]+}}, ptr %2)
// IR-LABEL: define internal ptr @__ame_tx_strcpy.at(ptr %0, ptr %1, ptr %2, ptr %3, ptr %4)
// IR: call i8 @__ame_load_1(ptr %0, ptr %{{[0-9]+}}, ptr %4)
// IR: call void @__ame_memcpy(ptr %0, ptr %1, ptr %2, i64 %{{[0-9]+}}, ptr %3)

char a[32] = "hello world", b[32] = "hello there";
char pad[10] = "ZZZZZZZZZ", cut[10] = "ZZZZZZZZZ", cat[10] = "12";
char upto[10] = "ZZZZZZZZZ", whole[10] = "ZZZZZZZZZ";
char wipe[8] = "secret!";
char sp[16] = "ZZZZZZZZZZZZZZZ", snp[10] = "ZZZZZZZZZ", snp2[6] = "ZZZZZ";
volatile int n = 6;

static unsigned long inevitable(void) {
  struct ame_stats s;
  ame_stats_thread(&s);
  return s.inevitable_commits;
}

static int sign(int x) { return (x > 0) - (x < 0); }

int main(void) {
  int cmp7, cmp11, scmp, sncmp, sncmp5;
  size_t len;
  long chr, schr, nul, rchr, upto_end;
  char *none, *rnone, *whole_end;
  size_t nlen3, nlen99;
  long sp_end, snp_end, snp2_end;
  ame_atomic {
    nlen3 = strnlen(a, 3);
    nlen99 = strnlen(a, 99);
    sp_end = stpcpy(stpcpy(sp, a + n), cat) - sp; /* "world12" */
    snp_end = stpncpy(snp, a, n) - snp;   /* "hello ", no NUL: the end */
    snp2_end = stpncpy(snp2, cat, 4) - snp2; /* "12", NULs up to 4 */
    strncpy(pad, "ab", 6);       /* "ab", then NULs up to 6 bytes */
    strncpy(cut, "abcdefgh", 4); /* 4 bytes, no NUL */
    strncat(cat, "xyz", 2);      /* "12xy" */
  }
  // CHECK: strnlen 3 11
  printf("strnlen %zu %zu\n", nlen3, nlen99);
  // CHECK-NEXT: strncpy ab.... ZZZ; abcd ZZZZZ
  printf("strncpy %s", pad);
  for (int i = 2; i < 6; i++)
    putchar(pad[i] ? pad[i] : '.');
  printf(" %s; %.4s %s\n", pad + 6, cut, cut + 4);
  // CHECK-NEXT: strncat 12xy
  printf("strncat %s\n", cat);
  // CHECK-NEXT: stpcpy world12 7 stpncpy hello .ZZZ 6 12..Z 2
  printf("stpcpy %s %ld stpncpy %.6s.%s %ld ", sp, sp_end, snp, snp + 6,
         snp_end);
  for (int i = 0; i < 5; i++)
    putchar(snp2[i] ? snp2[i] : '.');
  printf(" %ld\n", snp2_end);
  ame_atomic {
    cmp7 = memcmp(a, b, n);
    cmp11 = sign(memcmp(a, b, 11));
    len = strlen(a);
    scmp = sign(strcmp(a, b));
    sncmp = sign(strncmp(b, a, 11));
    sncmp5 = strncmp(a, b, 5);
    chr = (char *)memchr(a, 'w', 11) - a;
    none = memchr(a, 'z', 11);
    rchr = (char *)memrchr(a, 'o', n + 5) - a; /* the 'o' of "world" */
    rnone = memrchr(a, 'w', 5);                /* not in "hello" */
    upto_end = (char *)memccpy(upto, a, ' ', n) - upto; /* "hello " */
    whole_end = memccpy(whole, a, 'z', 4);     /* 4 bytes, no 'z' */
    schr = strchr(a, 'o') - a;
    nul = strchr(a, 0) - a;
    strcpy(b, "abc");
    strcat(b, "def");
    explicit_bzero(wipe + 2, (size_t)n - 3);
  }
  // CHECK-NEXT: 0 1 11 1 -1 0
  printf("%d %d %zu %d %d %d\n", cmp7, cmp11, len, scmp, sncmp, sncmp5);
  // CHECK-NEXT: 6 1 4 11
  printf("%ld %d %ld %ld\n", chr, none == NULL, schr, nul);
  // CHECK-NEXT: memrchr 7 1 memccpy 6 hello .ZZZ 1 hellZZZZZ
  printf("memrchr %ld %d memccpy %ld %.6s.%s %d %s\n", rchr, rnone == NULL,
         upto_end, upto, upto + 6, whole_end == NULL, whole);
  // CHECK-NEXT: explicit_bzero se...t!
  printf("explicit_bzero %.2s", wipe);
  for (int i = 2; i < 5; i++)
    putchar(wipe[i] ? wipe[i] : '.');
  printf("%s\n", wipe + 5);
  // CHECK-NEXT: abcdef inevitable=0
  printf("%s inevitable=%lu\n", b, inevitable());
  return 0;
}
