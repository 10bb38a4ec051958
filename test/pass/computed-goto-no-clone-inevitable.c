// A function whose label addresses may leave it, and which only transactional code elsewhere may call (through a pointer), gets no transactional clone: the module compiles, a missed remark says why, and calls from transactions run the original inevitably.
// RUN: %ame_clang -O0 -g -c -o /dev/null %s -Rpass-missed=ame 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_clang -O2 -g -c -o /dev/null %s -Rpass-missed=ame 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_clang -O0 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %ame_clang -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
#include <ame.h>

const void *const *exported;
long acc;

long run(const unsigned char *code, int init) {
  static const void *const table[] = {&&inc, &&halt};
  if (init) {
    // REMARK: computed-goto-no-clone-inevitable.c:[[@LINE+1]]:14: remark: no transactional clone of run: the address of one of its labels may leave it here, so calls from transactions run the original inevitably
    exported = table;
    return 0;
  }
  goto *table[*code++];
inc:
  acc++;
  goto *table[*code++];
halt:
  return acc;
}

long (*volatile pointer)(const unsigned char *, int) = run;
// REMARK-NOT: error:

// IR-NOT: define {{.*}}@run.ame.tx(
