/*===- components.c - AME example: connected components, ame_parallel_for --===
 *
 * Finds the connected components of a generated random graph with a
 * union-find forest shared by all iterations: each iteration of
 * ame_parallel_for is one atomic block that merges the trees of the ends of
 * a batch of edges (link the larger root under the smaller, halve paths on
 * the way). Two batches conflict only when they touch the same trees at the
 * same time; the result is always that of some serial order of batches, so
 * the components are exact, and with AME_ORDERED even the forest is the
 * sequential loop's, pointer for pointer. Prints the components and the
 * speedup over the sequential loop.
 *
 *   build/bin/ame-cc -O2 examples/components.c -o components
 *   ./components [workers] [vertices]      # defaults: online cores, 1000000
 *===----------------------------------------------------------------------===*/
#include <ame.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "components_kernel.h"

static void merge_iteration(size_t b, void *ctx) {
  (void)ctx;
  merge_batch(parent, b);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double run(int how) {
  for (size_t v = 0; v < vertices; v++)
    parent[v] = (uint32_t)v;
  size_t batches = (nedges + EDGE_BATCH - 1) / EDGE_BATCH;
  double t = now();
  if (how < 0)
    for (size_t b = 0; b < batches; b++)
      merge_batch(parent, b);
  else
    ame_parallel_for(0, batches, merge_iteration, NULL, (unsigned)how);
  return now() - t;
}

/* The component of every vertex (its smallest vertex), folded. */
static uint64_t components_digest(size_t *count, size_t *largest) {
  uint32_t *size = calloc(vertices, sizeof *size);
  uint64_t d = 0;
  *count = 0;
  *largest = 0;
  for (size_t v = 0; v < vertices; v++) {
    uint32_t r = find(parent, (uint32_t)v);
    d = d * 1000003u + r;
    if (r == v)
      ++*count;
    if (++size[r] > *largest)
      *largest = size[r];
  }
  free(size);
  return d;
}

static uint64_t forest_digest(void) {
  uint64_t d = 0;
  for (size_t v = 0; v < vertices; v++)
    d = d * 1000003u + parent[v];
  return d;
}

int main(int argc, char **argv) {
  if (argc > 1)
    ame_set_workers((unsigned)atoi(argv[1]));
  size_t n = argc > 2 ? (size_t)atol(argv[2]) : 1000000;
  make_graph(malloc(edges_for(n) * sizeof *edges), n);
  parent = malloc(n * sizeof *parent);

  double seq = run(-1);
  uint64_t want_forest = forest_digest();
  size_t count, largest;
  uint64_t want = components_digest(&count, &largest);
  printf("%zu vertices, %zu edges: %zu components, the largest %zu vertices\n",
         vertices, nedges, count, largest);

  double par = run(0);
  size_t c2, l2;
  int same = components_digest(&c2, &l2) == want;
  double ord = run(AME_ORDERED);
  int same_forest = forest_digest() == want_forest;
  printf("sequential loop      %7.1f ms\n", seq * 1e3);
  printf("%u workers, unordered %7.1f ms  speedup %.2fx  components %s\n",
         ame_workers(), par * 1e3, seq / par, same ? "exact" : "WRONG");
  printf("%u workers, ordered   %7.1f ms  speedup %.2fx  forest %s\n",
         ame_workers(), ord * 1e3, seq / ord,
         same_forest ? "identical to sequential" : "DIFFERS");
  return !(same && same_forest);
}
