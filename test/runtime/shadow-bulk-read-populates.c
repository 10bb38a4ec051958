// A bulk read (memcpy of shared data) backs its lines' lock words with pages of their own before reading them, so the commit that marks those lines does not replace the zero page (a TLB flush on every CPU running the process); element reads still map the zero page. Some kernels (6.18 in a VM, seen here) never map the zero page on a read fault: there element reads get pages of their own too, and only the bulk read's lines are checked.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: element reads: lock words on {{the zero page$|pages of their own, as every read fault on this kernel$}}
// CHECK-NEXT: bulk read: lock words on pages of their own
// CHECK-NEXT: bulk read: 65536 bytes copied
#include <ame.h>
#include <ame/abi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "Inputs/pagemap.h"

enum { BYTES = 1 << 16 }; // 1024 lines: two pages of lock words

static char *elements, *bulk;
static char copy[BYTES];

static uint32_t read_elements(struct __ame_tx *tx, void *ctx) {
  long *sum = ctx;
  for (size_t i = 0; i < BYTES; i += 64)
    *sum += (char)__ame_load_1(tx, elements + i, NULL);
  return 0;
}

static uint32_t read_bulk(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_load_bytes(tx, copy, bulk, BYTES, NULL);
  return 0;
}

// The pagemap entry of the page holding addr: present, and whether the page
// is mapped by this process alone (the zero page never is).
static const char *page_backing(uintptr_t addr) {
  uint64_t e;
  if (pagemap_entry((const void *)addr, &e) != 0)
    return "unknown (no pagemap)";
  if (!(e >> 63 & 1))
    return "not present";
  return e >> 56 & 1 ? "pages of their own" : "the zero page";
}

// The same for the page holding p's lock word.
static const char *backing(const void *p) {
  return page_backing(0x200000000000ull +
                      (((uintptr_t)p >> 3) & 0xFFFFFFFFFF8ull));
}

// Whether this kernel maps the zero page when fresh memory is read.
static int reads_map_zero_page(void) {
  char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED)
    exit(2);
  (void)*(volatile char *)m;
  return !strcmp(page_backing((uintptr_t)m), "the zero page");
}

// Fresh memory written by plain code: its lines' lock words were never used.
// Aligned to BYTES, so no page of lock words is shared with other data.
static char *fresh(void) {
  char *m = mmap(NULL, 2 * BYTES, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED)
    exit(2);
  char *p = (char *)(((uintptr_t)m + BYTES - 1) & ~(uintptr_t)(BYTES - 1));
  for (size_t i = 0; i < BYTES; i++)
    p[i] = (char)(i * 7);
  return p;
}

int main(void) {
  elements = fresh();
  bulk = fresh();
  long sum = 0;
  __ame_run(NULL, (void *)read_elements, &sum);
  const char *elements_backing = backing(elements);
  printf("element reads: lock words on %s%s\n", elements_backing,
         reads_map_zero_page() ? "" : ", as every read fault on this kernel");
  __ame_run(NULL, (void *)read_bulk, NULL);
  const char *first = backing(bulk), *last = backing(bulk + BYTES - 1);
  printf("bulk read: lock words on %s\n", strcmp(first, last) ? "mixed" : first);
  printf("bulk read: %d bytes copied\n",
         memcmp(copy, bulk, BYTES) ? -1 : BYTES);
  return 0;
}
