/*===- tree_kernel.h - The tree-building loop's iteration ------------------===
 *
 * Shared by examples/tree.c and bench/parloop.c, which time the same loop
 * with AME and with other synchronization. TREE_FN marks the functions an
 * iteration calls (bench/parloop.c makes them transaction_safe for gcc
 * -fgnu-tm); it is empty by default.
 *
 *   #include "tree_kernel.h"
 *   tree_keys = 300000; insert_batch(b);
 *===----------------------------------------------------------------------===*/
#ifndef AME_EXAMPLES_TREE_KERNEL_H
#define AME_EXAMPLES_TREE_KERNEL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef TREE_FN
#define TREE_FN
#endif

enum { TREE_BATCH = 64 /* keys per iteration */ };

struct node {
  struct node *left, *right;
  uint64_t key;
  char *payload; /* a small string of its own */
};

static struct node *root;
static size_t tree_keys;

TREE_FN static uint64_t key_of(size_t i) {
  uint64_t x = i * 0x9e3779b97f4a7c15ull + 12345;
  x ^= x >> 29;
  x *= 0xbf58476d1ce4e5b9ull;
  return x ^ (x >> 32);
}

/* Keys [b * TREE_BATCH, (b + 1) * TREE_BATCH), each with a node and a
 * payload allocated for it unless the tree has it already. */
TREE_FN static void insert_batch(size_t b) {
  size_t lo = b * TREE_BATCH;
  size_t hi = lo + TREE_BATCH < tree_keys ? lo + TREE_BATCH : tree_keys;
  for (size_t i = lo; i < hi; i++) {
    uint64_t k = key_of(i);
    struct node **at = &root;
    while (*at && (*at)->key != k)
      at = k < (*at)->key ? &(*at)->left : &(*at)->right;
    if (*at)
      continue;
    struct node *n = malloc(sizeof *n);
    n->left = n->right = NULL;
    n->key = k;
    n->payload = malloc(24);
    memcpy(n->payload, "node payload", 13);
    *at = n;
  }
}

#endif
