// Calls to C library functions that touch no memory of the program (math.h, ctype and its wide-character forms, abs, sysconf; strsignal's message is the C library's own; malloc_usable_size reads the allocator's header) run as they are inside a block: no __ame_irrevocable_v2, and the block's statistics count no inevitable commit. errno is the thread's own and is read and written without barriers, so the block sees what log() wrote. Functions that write through pointers (frexp, modf, ...) run as they are with private slots: math-output-arguments.c. At -O0 and -O2.
// RUN: %ame_clang -O0 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O0 -c -o /dev/null -Rpass=ame -Rpass-missed=ame %s 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_clang -O0 %s -o %t.O0 %rt_lib -lm && env AME_STATS=1 %t.O0 2>&1 | FileCheck %s --check-prefix=OUT
// RUN: %ame_clang -O2 %s -o %t.O2 %rt_lib -lm && env AME_STATS=1 %t.O2 2>&1 | FileCheck %s --check-prefix=OUT
#include <ame.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

volatile double in = 0.5;
volatile int ch = 'q';
double shared_x;
int shared_c, shared_errno;
long shared_w, shared_page, shared_usable;
char *block;
const char *shared_sig;

// IR-LABEL: define internal {{.*}}@pure.ame.region(
// IR-NOT: call void @__ame_irrevocable_v2
// IR: call {{.*}}double @acos(
// IR: ret
__attribute__((noinline)) void pure(double x, int c) {
  ame_atomic {
    // REMARK: [[@LINE+1]]:{{[0-9]+}}: remark: call to acos runs as it is: it touches no memory of the program
    shared_x = acos(x) + sqrt(x) + floor(x * 10) + fabsf((float)x);
    shared_c = toupper(c) + !!isalpha(c) + abs(c - 200);
    shared_w = (long)towupper((wint_t)c) + !!iswalpha((wint_t)c);
    shared_page = sysconf(_SC_PAGESIZE);
    shared_sig = strsignal(c - 'q' + 2);
    shared_usable = (long)malloc_usable_size(block);
    errno = 0;
    // log(0) is a pole error: errno becomes ERANGE, written by the C library.
    shared_x += log(x - x) < 0;
    shared_errno = errno;
  }
}

static double plain_x(double x) {
  return acos(x) + sqrt(x) + floor(x * 10) + fabsf((float)x) + 1;
}

int main(void) {
  block = malloc(100);
  pure(in, ch);
  // OUT: x=8.254 same=1 c=169 same=1 errno=ERANGE
  printf("x=%.3f same=%d c=%d same=%d errno=%s\n", shared_x,
         shared_x == plain_x(in), shared_c,
         shared_c == toupper(ch) + !!isalpha(ch) + abs(ch - 200),
         shared_errno == ERANGE ? "ERANGE" : "other");
  // OUT-NEXT: wide same=1 page same=1 Interrupt usable same=1
  printf("wide same=%d page same=%d %s usable same=%d\n",
         shared_w == (long)towupper((wint_t)ch) + !!iswalpha((wint_t)ch),
         shared_page == sysconf(_SC_PAGESIZE), shared_sig,
         shared_usable >= 100 &&
             shared_usable == (long)malloc_usable_size(block));
  // OUT: commits 1
  // OUT-NEXT: read-only 0
  // OUT-NEXT: inevitable 0
  fflush(stdout);
  return 0;
}
