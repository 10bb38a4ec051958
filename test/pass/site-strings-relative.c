// The sites the pass emits hold their strings as offsets from the site
// (AME_SITE_RELATIVE): the assembler and linker resolve them (PC-relative
// relocations), and a position-independent program has nothing to relocate
// when it loads. As pointers they cost three dynamic relocations per barrier
// (24 bytes of .rela.dyn each: Lua built with ame-cc had 410 KB of them).
// The runtime reads them back: the serial site's name below.
// RUN: %ame_clang -O2 -g -c %s -o %t.o
// RUN: llvm-readelf -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: %ame_cc -O2 -g %s -o %t && env AME_STATS=1 %t 2>&1 | FileCheck %s --check-prefix=STATS
#include <ame.h>
#include <stdio.h>

// RELOC: Relocation section '.rela.rodata'
// RELOC-NOT: R_X86_64_64
// RELOC: R_X86_64_PC64
// RELOC-NOT: R_X86_64_64
// RELOC: {{^$}}

long cells[8];

int main(void) {
  ame_atomic {
    cells[1] += cells[2];
    __asm__ volatile("nop" : : : "memory");
  }
  // STATS: serial commits by site
  // STATS-NEXT: {{ +}}1  {{.*}}site-strings-relative.c:[[#@LINE-3]]:{{[0-9]+}} in main: inline asm that clobbers memory
  printf("%ld\n", cells[1]);
  return 0;
}
