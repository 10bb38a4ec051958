// Every kind of memory access inside atomic blocks stays atomic across threads: C11 atomics and compare-exchange, thread-locals, __int128, long double, float, bit-fields, packed (unaligned) fields, struct copies, memcpy, memset and memcmp.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s --check-prefix=T2
// RUN: %t.O0 4 | FileCheck %s --check-prefix=T4
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s --check-prefix=T2
// RUN: %t.O2 4 | FileCheck %s --check-prefix=T4
//
// T2: atomic 40000 cas 80000 tls 40000 wide 120000 ld 20000.0 float 10000.0
// T2-NEXT: bits 0 7232 packed 40000 copies consistent
// T2-NEXT: PASS
// T4: atomic 80000 cas 160000 tls 80000 wide 240000 ld 40000.0 float 20000.0
// T4-NEXT: bits 0 6272 packed 80000 copies consistent
// T4-NEXT: PASS

#include <ame.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "Inputs/threads.h"

enum { ITERS = 20000 };


struct record {
  long id;
  double weight;
  char tag[20];
};

struct __attribute__((packed)) packed {
  char c;
  long unaligned; /* at offset 1 */
};

static _Atomic long atomic_counter;
static long cas_counter;
static _Thread_local long per_thread;
static __int128 wide;
static long double extended;
static float single;
static struct {
  unsigned low : 3;
  unsigned mid : 13;
  unsigned high : 16;
} bits;
static struct packed packed;
static struct record current, copies[2];
static long copy_errors;

static void *work(void *arg) {
  long id = (long)arg;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ITERS; i++) {
    ame_atomic {
      atomic_fetch_add(&atomic_counter, 1);
      long seen = cas_counter;
      while (!__atomic_compare_exchange_n(&cas_counter, &seen, seen + 2, 0,
                                          __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        ;
      per_thread++;
      wide += 3;
      extended += 0.5L;
      single += 0.25f;
      bits.low++;
      bits.mid++;
      packed.unaligned++;
      /* A record copied as a whole, then checked: the two copies and the
       * current record always agree outside a transaction. */
      struct record r = current;
      r.id++;
      r.weight = (double)r.id * 0.5;
      memset(r.tag, 0, sizeof r.tag);
      r.tag[0] = 't';
      r.tag[1] = (char)('0' + id % 10);
      for (long v = r.id, d = 2; v && d < (long)sizeof r.tag - 1; v /= 10)
        r.tag[d++] = (char)('0' + v % 10);
      current = r;
      memcpy(&copies[0], &current, sizeof current);
      memset(&copies[1], 0, sizeof copies[1]);
      copies[1] = copies[0];
    }
    ame_atomic {
      copy_errors += memcmp(&copies[0], &current, sizeof current) != 0 ||
                     memcmp(&copies[1], &current, sizeof current) != 0 ||
                     current.weight != (double)current.id * 0.5;
    }
  }
  return (void *)per_thread;
}

int main(int argc, char **argv) {
  int threads = e2e_threads(argc, argv);
  if (!threads)
    return 2;
  long tls = e2e_run(threads, work);
  long n = (long)threads * ITERS;
  printf("atomic %ld cas %ld tls %ld wide %lld ld %.1Lf float %.1f\n",
         (long)atomic_counter, cas_counter, tls, (long long)wide, extended,
         (double)single);
  printf("bits %u %u packed %ld copies %s\n", bits.low, bits.mid,
         packed.unaligned, copy_errors ? "INCONSISTENT" : "consistent");
  int ok = atomic_counter == n && cas_counter == 2 * n && tls == n &&
           wide == (__int128)3 * n && extended == 0.5L * n &&
           single == 0.25f * (float)n && bits.low == (unsigned)(n % 8) &&
           bits.mid == (unsigned)(n % 8192) && bits.high == 0 &&
           packed.unaligned == n && packed.c == 0 && current.id == n &&
           copy_errors == 0;
  printf("%s\n", ok ? "PASS" : "FAIL");
  return !ok;
}
