/*===- tree.c - AME example: building a tree of objects, ame_parallel_for --===
 *
 * Builds a binary search tree of heap objects: each iteration of
 * ame_parallel_for is one atomic block that inserts a batch of random keys,
 * allocating a node and a payload for each (malloc inside a block is the
 * runtime's: memory of an attempt that aborts is freed, and the block's own
 * fresh objects need no logging). Unordered, the tree holds the same keys as
 * the sequential loop's, in some other shape; with AME_ORDERED its shape is
 * exactly the sequential one, since a BST's shape is its insertion order.
 * Prints the tree's size and height and the speedup over the sequential
 * loop.
 *
 *   build/bin/ame-cc -O2 examples/tree.c -o tree
 *   ./tree [workers] [keys]      # defaults: online cores, 300000
 *===----------------------------------------------------------------------===*/
#include <ame.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tree_kernel.h"

static void insert_iteration(size_t b, void *ctx) {
  (void)ctx;
  insert_batch(b);
}

static void free_tree(struct node *n) {
  while (n) {
    free_tree(n->left);
    struct node *r = n->right;
    free(n->payload);
    free(n);
    n = r;
  }
}

/* In-order keys (the set) and, separately, the shape. */
static void walk(const struct node *n, size_t depth, uint64_t *set,
                 uint64_t *shape, size_t *count, size_t *height) {
  while (n) {
    if (depth + 1 > *height)
      *height = depth + 1;
    walk(n->left, depth + 1, set, shape, count, height);
    *set = *set * 1000003u + n->key;
    *shape = *shape * 31 + depth + (n->left ? 7 : 0);
    ++*count;
    n = n->right;
    depth++;
  }
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double run(int how) {
  free_tree(root);
  root = NULL;
  size_t batches = (tree_keys + TREE_BATCH - 1) / TREE_BATCH;
  double t = now();
  if (how < 0)
    for (size_t b = 0; b < batches; b++)
      insert_batch(b);
  else
    ame_parallel_for(0, batches, insert_iteration, NULL, (unsigned)how);
  return now() - t;
}

int main(int argc, char **argv) {
  if (argc > 1)
    ame_set_workers((unsigned)atoi(argv[1]));
  tree_keys = argc > 2 ? (size_t)atol(argv[2]) : 300000;

  uint64_t set = 0, shape = 0;
  size_t count = 0, height = 0;
  double seq = run(-1);
  walk(root, 0, &set, &shape, &count, &height);
  printf("%zu nodes, height %zu\n", count, height);

  uint64_t s2 = 0, sh2 = 0;
  size_t c2 = 0, h2 = 0;
  double par = run(0);
  walk(root, 0, &s2, &sh2, &c2, &h2);
  int same_set = s2 == set && c2 == count;
  uint64_t s3 = 0, sh3 = 0;
  size_t c3 = 0, h3 = 0;
  double ord = run(AME_ORDERED);
  walk(root, 0, &s3, &sh3, &c3, &h3);
  int same_shape = s3 == set && sh3 == shape && c3 == count;
  printf("sequential loop      %7.1f ms\n", seq * 1e3);
  printf("%u workers, unordered %7.1f ms  speedup %.2fx  keys %s\n",
         ame_workers(), par * 1e3, seq / par, same_set ? "exact" : "WRONG");
  printf("%u workers, ordered   %7.1f ms  speedup %.2fx  shape %s\n",
         ame_workers(), ord * 1e3, seq / ord,
         same_shape ? "identical to sequential" : "DIFFERS");
  return !(same_set && same_shape);
}
