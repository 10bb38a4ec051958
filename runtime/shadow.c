/*===- shadow.c - Shadow memory holding one lock word per 64-byte line ----===
 *
 * 2^44 bytes reserved at a fixed address, like the sanitizers' shadow: the
 * lock word of any address is one shift, one mask and one add away, there is
 * no hash and so no false conflict between unrelated lines, and pages are
 * only backed once a line in their 512-line range is used.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

void ame__shadow_init(void) {
  void *want = (void *)(uintptr_t)AME__SHADOW_BASE;
  void *p = mmap(
      want, AME__SHADOW_SIZE, PROT_READ | PROT_WRITE,
      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  if (p != want) {
    fprintf(stderr,
            "ame: cannot map the lock-word shadow (%llu GiB at %p): %s\n"
            "ame: is something else mapped there, or is the address space "
            "limited (ulimit -v)?\n",
            (unsigned long long)(AME__SHADOW_SIZE >> 30), want,
            p == MAP_FAILED ? "mmap failed" : "address taken");
    exit(127);
  }
}
