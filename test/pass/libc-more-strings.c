// index runs as the transactional strchr; rindex and strchrnul run as they
// are on a private copy of their string, with the returned pointer mapped
// back into the program's string; strerror runs as it is (its message is
// the C library's). Results equal the C library's outside any block, and no
// block becomes inevitable or serial. At -O0 and -O2.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib && %t.O0 | FileCheck %s
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib && %t.O2 | FileCheck %s
#define _GNU_SOURCE
#include <ame.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static char text[] = "key=value;other=thing";

struct results {
  long idx, idx_none, ridx, ridx_none, chrnul, chrnul_end;
  char msg[64], unknown[64];
};

// IR-LABEL: define internal void @compute.ame.tx(
// IR-NOT: call void @__ame_irrevocable_v2
// IR: call ptr @__ame_tx_index.at(
// IR: call ptr @__ame_string_copy(ptr %{{[^,]*}}, ptr
// IR: call ptr @rindex(ptr
// IR: call ptr @__ame_string_copy(ptr %{{[^,]*}}, ptr
// IR: call ptr @strchrnul(ptr
// IR: call ptr @strerror(i32
// IR: ret void
static void compute(struct results *r) {
  char *p = index(text, '=');
  r->idx = p - text;
  r->idx_none = index(text, '#') == NULL;
  r->ridx = rindex(text, '=') - text;
  r->ridx_none = rindex(text, '#') == NULL;
  r->chrnul = strchrnul(text, ';') - text;
  r->chrnul_end = strchrnul(text + 10, ';') - text;
  strcpy(r->msg, strerror(ENOENT));
  strcpy(r->unknown, strerror(9999));
}

__attribute__((noinline)) static void in_block(struct results *r) {
  ame_atomic { compute(r); }
}

int main(void) {
  static struct results tx, plain;
  in_block(&tx);
  compute(&plain);
  // CHECK: 3 1 15 1 9 21
  printf("%ld %ld %ld %ld %ld %ld\n", tx.idx, tx.idx_none, tx.ridx,
         tx.ridx_none, tx.chrnul, tx.chrnul_end);
  // CHECK-NEXT: No such file or directory|Unknown error 9999
  printf("%s|%s\n", tx.msg, tx.unknown);
  // CHECK-NEXT: same as outside: yes
  printf("same as outside: %s\n", memcmp(&tx, &plain, sizeof tx) ? "no" : "yes");
  // CHECK-NEXT: inevitable commits 0
  struct ame_stats s;
  ame_stats_total(&s);
  printf("inevitable commits %llu\n", (unsigned long long)s.inevitable_commits);
  return 0;
}
