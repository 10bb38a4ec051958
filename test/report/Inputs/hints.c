// The program behind hints.ameprof: one conflict or inevitable site for each
// hint of ame-report. The profile's sites name lines of this file, so keep
// the line numbers. The tests never build it.
#include <ame.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

struct node {
  AME_REFCOUNT long refs;
  long value;
};

long hits;        // a global counter
long limit = 100; // set once at startup, then only read
long slots[8];    // one per thread, eight to a granule

void drop(struct node *n) {
  ame_atomic {
    if (--n->refs == 0)
      n->value = 0;
  }
}

void count(void) {
  ame_atomic ++hits;
}

void fill(int self) {
  ame_atomic slots[self] += 1;
}

long check(long v) {
  long ok;
  ame_atomic ok = v < limit;
  return ok;
}

// The body of ame_parallel_for(0, n, step, &sum, AME_ORDERED).
void step(size_t i, void *ctx) {
  long *sum = ctx;
  *sum += (long)i;
}

void report(long v) {
  ame_atomic {
    hits += v;
    printf("%ld\n", hits);
  }
}

void tick(_Atomic long *c) {
  ame_atomic atomic_fetch_add(c, 1);
}

void barrier(void) {
  ame_atomic __asm__ volatile("" ::: "memory");
}

void call(void (*fn)(void)) {
  ame_atomic fn();
}
