/*===- components_kernel.h - The union-find loop's iteration ---------------===
 *
 * Shared by examples/components.c and bench/parloop.c, which time the same
 * loop with AME and with other synchronization. COMPONENTS_FN marks the
 * functions an iteration calls (bench/parloop.c makes them
 * transaction_safe for gcc -fgnu-tm); it is empty by default. The forest is
 * passed in, so a check can run the same loop on a forest of its own.
 *
 *   #include "components_kernel.h"
 *   make_graph(malloc(edges_for(n) * sizeof *edges), n);
 *   merge_batch(parent, b);
 *===----------------------------------------------------------------------===*/
#ifndef AME_EXAMPLES_COMPONENTS_KERNEL_H
#define AME_EXAMPLES_COMPONENTS_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#ifndef COMPONENTS_FN
#define COMPONENTS_FN
#endif

enum { EDGE_BATCH = 256 /* edges per iteration */ };

static uint32_t *parent;
static size_t vertices;
static uint32_t (*edges)[2];
static size_t nedges;

/* Average degree just above 1: a giant component and many small ones. */
static size_t edges_for(size_t n) { return n * 6 / 10; }

/* A random graph of n vertices; dst has room for edges_for(n) edges. */
static void make_graph(uint32_t (*dst)[2], size_t n) {
  vertices = n;
  nedges = edges_for(n);
  edges = dst;
  uint64_t r = 0x9e3779b97f4a7c15ull;
  for (size_t e = 0; e < nedges; e++)
    for (int k = 0; k < 2; k++) {
      r ^= r << 13, r ^= r >> 7, r ^= r << 17;
      edges[e][k] = (uint32_t)(r % n);
    }
}

COMPONENTS_FN static uint32_t find(uint32_t *p, uint32_t x) {
  while (p[x] != x) {
    uint32_t up = p[x], g = p[up];
    if (g != up)
      p[x] = g; /* path halving: only when it changes something */
    x = g;
  }
  return x;
}

/* Edges [b * EDGE_BATCH, (b + 1) * EDGE_BATCH): the larger root of each
 * edge's ends goes under the smaller. */
COMPONENTS_FN static void merge_batch(uint32_t *p, size_t b) {
  size_t lo = b * EDGE_BATCH;
  size_t hi = lo + EDGE_BATCH < nedges ? lo + EDGE_BATCH : nedges;
  for (size_t e = lo; e < hi; e++) {
    uint32_t u = find(p, edges[e][0]), v = find(p, edges[e][1]);
    if (u < v)
      p[v] = u;
    else if (v < u)
      p[u] = v;
  }
}

#endif
