// Blocks call zlib, Debian's build (no plugin): each such block runs in serial mode, so the data a block checksums or compresses is never half-written by another, and results equal zlib's outside blocks (crc32 of the shared record matches its stored checksum; a round trip through compress2/uncompress gives the data back). Blocks that do not call zlib never go serial: AME_STATS's serial commits equal the blocks that call it, and its serial sites name crc32.
// RUN: %ame_cc -O2 %s -o %t -lz
// RUN: %t 2 | FileCheck %s
// RUN: %t 4 | FileCheck %s
// RUN: env AME_STATS=1 %t 2 2>&1 | FileCheck %s --check-prefix=STATS
// CHECK: checksums consistent: yes
// CHECK-NEXT: round trips exact: yes
// CHECK-NEXT: serial commits = blocks calling zlib: yes
// STATS: serial commits by site
// STATS: in work: crc32
#include <ame.h>

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "Inputs/threads.h"

enum { ITERS = 4000, LEN = 512 };

static struct {
  unsigned char data[LEN];
  uLong crc;
} record;
static long plain_updates;

static void *work(void *arg) {
  long id = (long)arg, bad = 0, zlib_blocks = 0;
  unsigned char packed[LEN + 64], unpacked[LEN];
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ITERS; i++) {
    switch ((i + id) % 4) {
    case 0: /* rewrite the record and its checksum */
      ame_atomic {
        memset(record.data, (int)(i + id), LEN);
        record.data[i % LEN] ^= 0x5a;
        record.crc = crc32(0L, record.data, LEN);
      }
      zlib_blocks++;
      break;
    case 1: /* check it */
      ame_atomic { bad += crc32(0L, record.data, LEN) != record.crc; }
      zlib_blocks++;
      break;
    case 2: { /* compress it and back */
      uLongf plen = sizeof packed, ulen = sizeof unpacked;
      int ok;
      ame_atomic {
        ok = compress2(packed, &plen, record.data, LEN, 6) == Z_OK &&
             uncompress(unpacked, &ulen, packed, plen) == Z_OK &&
             ulen == LEN && memcmp(unpacked, record.data, LEN) == 0;
      }
      bad += !ok;
      zlib_blocks++;
      break;
    }
    default: /* no zlib */
      ame_atomic { plain_updates++; }
    }
  }
  return (void *)(bad * 1000000 + zlib_blocks);
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  if (!n)
    return 2;
  record.crc = crc32(0L, record.data, LEN);
  long r = e2e_run(n, work);
  long bad = r / 1000000, zlib_blocks = r % 1000000;
  struct ame_stats s;
  ame_stats_total(&s);
  printf("checksums consistent: %s\n",
         bad == 0 && crc32(0L, record.data, LEN) == record.crc ? "yes" : "no");
  printf("round trips exact: %s\n", bad == 0 ? "yes" : "no");
  printf("serial commits = blocks calling zlib: %s\n",
         (long)s.serial_commits == zlib_blocks ? "yes" : "no");
  fflush(stdout);
  return 0;
}
