// ame-cc -S -emit-llvm and -E work like clang's: the IR shows the region replaced by a call to __ame_run, and preprocessing finds <ame.h>.
// RUN: %ame_cc -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %ame_cc -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %ame_cc -E %s | FileCheck %s --check-prefix=PP
// RUN: %ame_cc -O2 -S %s -o - | FileCheck %s --check-prefix=ASM
#include <ame.h>

long shared;

void bump(long by) {
  ame_atomic { shared += by; }
}

// IR-LABEL: define {{.*}}void @bump(
// IR: call i32 @__ame_run(
// PP: annotate("ame.atomic")
// ASM: bump:
// ASM: call{{q?}} {{.*}}__ame_run
