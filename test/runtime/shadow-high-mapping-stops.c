// Memory mapped above the 2^47 bytes the lock-word shadow covers (possible with 5-level paging) stops the program with a message when it is mapped, instead of sharing lock words with low addresses.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: not --crash %t 2>&1 | FileCheck %s
// CHECK: low mappings: pass
// CHECK: ame: memory mapped at 0x{{0*}}800000000000 (4096 bytes) lies above the 2^47 bytes whose lock words AME keeps
#define _GNU_SOURCE
#include <ame.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

#include "internal.h"

int main(void) {
  void *low = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  low = mremap(low, 1 << 20, 2 << 20, MREMAP_MAYMOVE);
  printf("low mappings: %s\n", low != MAP_FAILED ? "pass" : "FAIL");
  fflush(stdout);
  /* A 5-level kernel maps here when asked; a 4-level one ignores the hint,
   * and the check that mmap would have made is made directly. */
  void *high = (void *)(uintptr_t)(1ull << 47);
  void *p = mmap(high, 4096, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p != high)
    ame__shadow_check(high, 4096);
  return 0;
}
