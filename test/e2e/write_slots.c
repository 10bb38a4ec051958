// Read-modify-writes whose store follows with nothing between go through the
// slot that __ame_open_for_write_N returns (docs/pass.md, "Write slots"),
// and lose no update in each of the runtime's cases, while other threads do
// the same: a line nobody holds (the entry's word), a second word of a line
// the block holds already (the bytes move to a line buffer), the same word
// again, a block the transaction allocated (in place), an inevitable
// transaction (in place), and bytes that cross into the next line through a
// pointer that claims more alignment than it has (a packed struct's field;
// the runtime turns the transaction inevitable). Every count must come out
// exact, and the bytes next to the counted ones must stay untouched.
// RUN: %ame_cc -O2 -Wno-address-of-packed-member -Rpass-analysis=ame -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_cc -O2 -Wno-address-of-packed-member %s -o %t
// RUN: %t 2 | FileCheck %s
// RUN: %ame_cc -O0 -Wno-address-of-packed-member %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// REMARK: write_slots.c:{{[0-9]+}}:{{[0-9]+}}: remark: read and write of the same bytes take one barrier, which says where the bytes are held: both are plain accesses there
// CHECK: line words: ok
// CHECK-NEXT: held line: ok
// CHECK-NEXT: own block: ok
// CHECK-NEXT: inevitable: ok
// CHECK-NEXT: crossing: ok
#include <ame.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "Inputs/threads.h"

enum { ROUNDS = 20000, SLOTS = 16 };

static _Alignas(64) long line_words[SLOTS][8];
static _Alignas(64) int held[SLOTS][16];
static _Alignas(64) int pair[SLOTS][16];
static _Alignas(64) struct __attribute__((packed)) {
  char pad[62];
  int x; /* bytes 62..65: across the line */
  char after[62];
} crossing;
static long inevitable_count;
static long own_ok;

__attribute__((noinline)) static void bump(long *p) { (*p)++; }

// Both halves of the int change, so both lines' bytes must be written.
__attribute__((noinline)) static void bump_int(int *p) { *p += 0x10003; }

static void *work(void *arg) {
  unsigned seed = (unsigned)(uintptr_t)arg * 7919u + 1;
  pthread_barrier_wait(&start_line);
  for (int r = 0; r < ROUNDS; r++) {
    seed = seed * 1103515245u + 12345u;
    int s = (int)(seed >> 16) % SLOTS;
    ame_atomic {
      bump(&line_words[s][3]);
      // held[s][10] (word 5 of its line) takes the line, held[s][13] (word
      // 6) moves the entry's bytes to a line buffer, and held[s][10] again
      // finds its bytes there (at -O0: -O2 adds the two into one).
      held[s][10] += 2;
      held[s][13] += 5;
      held[s][10] += 1;
      held[s][11] += 7; // unwritten bytes of the line buffer: from memory
      pair[s][0] += 1;
      pair[s][1] += 2; // unwritten bytes of the entry's word: from memory
    }
    ame_atomic {
      // bump's clone cannot tell that the block allocated this line.
      long *own = malloc(4 * sizeof *own);
      own[1] = 40;
      bump(&own[1]);
      own_ok += own[1] == 41;
      free(own);
    }
    if (r % 64 == 0)
      ame_atomic {
        // An uninstrumented call first: the rest runs inevitably.
        char buf[16];
        snprintf(buf, sizeof buf, "%d", r);
        bump(&inevitable_count);
      }
    if (r % 16 == 0)
      ame_atomic { bump_int(&crossing.x); }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  if (!n)
    return 2;
  memset(crossing.pad, 'p', sizeof crossing.pad);
  memset(crossing.after, 'a', sizeof crossing.after);
  e2e_run(n, work);
  long words = 0, others = 0, h10 = 0, h11 = 0, h13 = 0, hothers = 0;
  long p0 = 0, p1 = 0, pothers = 0;
  for (int s = 0; s < SLOTS; s++)
    for (int w = 0; w < 16; w++) {
      if (w < 8) {
        if (w == 3)
          words += line_words[s][w];
        else
          others += line_words[s][w];
      }
      if (w == 0)
        p0 += pair[s][w];
      else if (w == 1)
        p1 += pair[s][w];
      else
        pothers += pair[s][w];
      if (w == 10)
        h10 += held[s][w];
      else if (w == 11)
        h11 += held[s][w];
      else if (w == 13)
        h13 += held[s][w];
      else
        hothers += held[s][w];
    }
  long blocks = (long)n * ROUNDS;
  printf("line words: %s\n", words == blocks && !others ? "ok" : "LOST");
  printf("held line: %s\n", h10 == 3 * blocks && h11 == 7 * blocks &&
                                     h13 == 5 * blocks && !hothers &&
                                     p0 == blocks && p1 == 2 * blocks &&
                                     !pothers
                                 ? "ok"
                                 : "LOST");
  printf("own block: %s\n", own_ok == blocks ? "ok" : "LOST");
  printf("inevitable: %s\n",
         inevitable_count == (long)n * ((ROUNDS + 63) / 64) ? "ok" : "LOST");
  int pad_ok = 1;
  for (size_t i = 0; i < sizeof crossing.pad; i++)
    pad_ok &= crossing.pad[i] == 'p' && crossing.after[i] == 'a';
  printf("crossing: %s\n",
         crossing.x == 0x10003 * n * ((ROUNDS + 15) / 16) && pad_ok ? "ok"
                                                                    : "LOST");
  return 0;
}
