// Constructors of libraries loaded at start run before the program's, libame's among them, and may already free, resize and measure memory through the free, realloc and malloc_usable_size that libame defines. libame looks up the definitions it passes other pointers on to before any constructor runs (preinit.c), so they reach the C library's, or a preloaded allocator's: glibc's own free given the preloaded allocator's pointer would stop the program, and malloc_usable_size had nothing to call at all.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang -O2 -fPIC -shared %S/Inputs/early_allocations.c -o %t.dir/libearly.so
// RUN: %clang -O2 -fPIC -shared %S/Inputs/bump_allocator.c -o %t.dir/bump.so
// RUN: %ame_cc -O2 %s -L%t.dir -learly -Wl,-rpath,%t.dir -o %t.dir/main
// RUN: %t.dir/main | FileCheck %s
// RUN: env LD_PRELOAD=%t.dir/bump.so %t.dir/main | FileCheck %s
// CHECK: early getline 1 usable 1 realloc 1
// CHECK-NEXT: blocks kept 1000
#include <ame.h>
#include <stdio.h>
#include <stdlib.h>

extern int early_getline_ok, early_usable_ok, early_realloc_ok;

static long *kept[1000];

int main(void) {
  printf("early getline %d usable %d realloc %d\n", early_getline_ok,
         early_usable_ok, early_realloc_ok);
  for (int i = 0; i < 1000; i++)
    ame_atomic {
      kept[i] = malloc(sizeof *kept[i]);
      *kept[i] = i;
    }
  int intact = 0;
  for (int i = 0; i < 1000; i++) {
    intact += *kept[i] == i;
    kept[i] = realloc(kept[i], 4096);
    free(kept[i]);
  }
  printf("blocks kept %d\n", intact);
  return 0;
}
