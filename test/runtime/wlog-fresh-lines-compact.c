// Write-log entries are 16 bytes; an entry keeps the lock word its line had
// (and, once its bytes span words, their mask) in a side slot only when it
// needs one. A transaction writing a byte of each of 2^18 lines no
// transaction wrote before (16 MiB) grows the process by its entries and the
// lines' lock words, 6 MiB, within half the bytes written; 32-byte entries,
// or side slots written for every entry, take 10 MiB. An abort puts back
// both kinds of old lock word, and bytes spanning words are read back and
// written back exactly.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include "internal.h"

#include <ame.h>
#include <ame/abi.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "Inputs/doom.h"

#define LINES (1u << 18)
static unsigned char *lines;

static long resident_bytes(void) {
  long size = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f || fscanf(f, "%ld %ld", &size, &resident) != 2)
    return -1;
  fclose(f);
  return resident * sysconf(_SC_PAGESIZE);
}

static uint32_t write_each_line(struct __ame_tx *tx, void *ctx) {
  uint8_t v = (uint8_t)(uintptr_t)ctx;
  for (unsigned i = 0; i < LINES; i++)
    __ame_store_1(tx, lines + 64ul * i + i % 64, v, NULL);
  return 0;
}

static _Alignas(64) uint64_t warm;
static uint32_t warm_up(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &warm, 1, NULL);
  return 0;
}

// Line 0 has a version by now, the line after the last has none: the first
// attempt locks both and aborts; the second finds their old lock words.
static int attempt;
static uint64_t version0, locked0, locked1, again0, again1;
static uint32_t abort_once(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  uint64_t *fresh = (uint64_t *)(lines + 64ul * LINES);
  __ame_load_8(tx, &x, NULL);
  if (++attempt == 2) {
    again0 = *ame__meta(lines);
    again1 = *ame__meta(fresh);
  }
  __ame_store_8(tx, (uint64_t *)lines, 7, NULL);
  __ame_store_8(tx, fresh, 7, NULL);
  if (attempt == 1) {
    locked0 = *ame__meta(lines) & 1;
    locked1 = *ame__meta(fresh) & 1;
    doom_reader_of_x();
  }
  return 0;
}

// Bytes in words 0 and 5 of one line: the entry moves to a line buffer and
// its mask to the side slot.
static uint64_t own0, own5, unwritten;
static uint32_t span_words(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  unsigned char *l = lines + 64ul * (LINES + 2);
  __ame_store_4(tx, l, 0x11111111, NULL);
  __ame_store_8(tx, l + 40, 0x2222222222222222ull, NULL);
  __ame_store_1(tx, l + 41, 0x33, NULL);
  own0 = __ame_load_8(tx, l, NULL);
  own5 = __ame_load_8(tx, l + 40, NULL);
  unwritten = __ame_load_4(tx, l + 4, NULL);
  return 0;
}

int main(void) {
  lines = mmap(NULL, 64ul * (LINES + 3), PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(lines, 0xAB, 64ul * (LINES + 3));
  __ame_run(NULL, (void *)warm_up, NULL); // the descriptor, the first chunk
  long before = resident_bytes();
  __ame_run(NULL, (void *)write_each_line, (void *)1);
  long grew = resident_bytes() - before;
  printf("fresh lines: grew %s half the bytes written\n",
         grew <= 64l * LINES / 2 ? "within" : "beyond");
  __ame_run(NULL, (void *)write_each_line, (void *)2);
  unsigned bad = 0;
  for (unsigned i = 0; i < LINES; i++)
    for (unsigned b = 0; b < 64; b++)
      bad += lines[64ul * i + b] != (b == i % 64 ? 2 : 0xAB);
  printf("bytes wrong after two writes: %u\n", bad);

  version0 = *ame__meta(lines);
  __ame_run(NULL, (void *)abort_once, NULL);
  printf("attempts %d, first locked both: %d\n", attempt,
         (int)(locked0 && locked1));
  printf("after the abort: line 0 at its version %d (nonzero %d), fresh "
         "line at 0 %d\n",
         again0 == version0, version0 != 0, again1 == 0);
  printf("committed: %d %d\n", *(uint64_t *)lines == 7,
         *(uint64_t *)(lines + 64ul * LINES) == 7);

  __ame_run(NULL, (void *)span_words, NULL);
  unsigned char *l = lines + 64ul * (LINES + 2);
  uint64_t mem0, mem5;
  memcpy(&mem0, l, 8);
  memcpy(&mem5, l + 40, 8);
  printf("own reads %016llx %016llx %08llx\n", (unsigned long long)own0,
         (unsigned long long)own5, (unsigned long long)unwritten);
  printf("memory    %016llx %016llx\n", (unsigned long long)mem0,
         (unsigned long long)mem5);
  return 0;
}
// CHECK: fresh lines: grew within half the bytes written
// CHECK-NEXT: bytes wrong after two writes: 0
// CHECK-NEXT: attempts 2, first locked both: 1
// CHECK-NEXT: after the abort: line 0 at its version 1 (nonzero 1), fresh line at 0 1
// CHECK-NEXT: committed: 1 1
// CHECK-NEXT: own reads abababab11111111 2222222222223322 abababab
// CHECK-NEXT: memory    abababab11111111 2222222222223322
