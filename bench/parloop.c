/*===- bench/parloop.c - Parallel loops: each iteration an atomic block ----===
 *
 * The loops of examples/wordfreq.c, tree.c and components.c, timed. Every
 * iteration is one atomic block; how the loop is parallelized depends on the
 * variant (common.h):
 *
 *   AME    ame_parallel_for (with AME_ORDERED when --ordered=1)
 *   GNUTM  pthreads taking indices from a shared counter, each iteration a
 *          __transaction_atomic block (no ordered mode)
 *   MUTEX  the same threads, each iteration under the global mutex
 *   NONE   the sequential loop (the baseline; --workers=1 only)
 *
 *   bench/parloop-ame --kind=wordfreq --workers=2 --ordered=1
 *
 * Prints bench=parloop kind=... workers=N ordered=0|1 seconds=S result=ok|BAD
 * (every word counted once; every key in the tree; every vertex in its
 * component).
 *===----------------------------------------------------------------------===*/
#include "common.h"

/*--- Word frequencies (examples/wordfreq.c) --------------------------------*/

#define WORDFREQ_FN TM_SAFE
#include "../examples/wordfreq_kernel.h"

static void wordfreq_setup(size_t mb) {
  size_t bytes = mb << 20;
  make_text(bench_alloc(bytes + 16), bytes);
  /* The shared map's pages exist before the timed loop, as bench_alloc's
   * memory does: the first write to a page a loop has only read costs a
   * TLB shootdown on every CPU the process runs on, a one-time cost that
   * would fall on the parallel runs only. */
  memset(keys, 0, sizeof keys);
  memset(stripes, 0, sizeof stripes);
}

/* Every word counted once: the total is the number of words of the text. */
static int wordfreq_check(void) {
  long words = 0, counted = 0;
  for (size_t p = 0; p < text_len; p++)
    words += text[p] != ' ' && (p + 1 == text_len || text[p + 1] == ' ');
  for (int s = 0; s < STRIPES; s++)
    for (size_t m = 0; m < SHARED; m++)
      counted += stripes[s][m];
  return words == counted;
}

/*--- A tree of heap objects (examples/tree.c) ------------------------------*/

enum { TREE_BATCH = 64 };

struct node {
  struct node *left, *right;
  uint64_t key;
  char *payload;
};

static struct node *root;
static size_t tree_keys;

TM_SAFE static uint64_t key_of(size_t i) {
  uint64_t x = i * 0x9e3779b97f4a7c15ull + 12345;
  x ^= x >> 29;
  x *= 0xbf58476d1ce4e5b9ull;
  return x ^ (x >> 32);
}

TM_SAFE static void insert_batch(size_t b) {
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

static size_t tree_count(const struct node *n) {
  size_t c = 0;
  for (; n; n = n->right)
    c += 1 + tree_count(n->left);
  return c;
}

/*--- Connected components (examples/components.c) --------------------------*/

enum { EDGE_BATCH = 256 };

static uint32_t *parent;
static size_t vertices;
static uint32_t (*edges)[2];
static size_t nedges;

TM_SAFE static uint32_t find(uint32_t *p, uint32_t x) {
  while (p[x] != x) {
    uint32_t up = p[x], g = p[up];
    if (g != up)
      p[x] = g;
    x = g;
  }
  return x;
}

TM_SAFE static void merge_batch(uint32_t *p, size_t b) {
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

static void components_setup(size_t n) {
  vertices = n;
  nedges = n * 6 / 10;
  parent = bench_alloc(n * sizeof *parent);
  edges = bench_alloc(nedges * sizeof *edges);
  uint64_t r = 0x9e3779b97f4a7c15ull;
  for (size_t e = 0; e < nedges; e++)
    for (int k = 0; k < 2; k++) {
      r ^= r << 13, r ^= r >> 7, r ^= r << 17;
      edges[e][k] = (uint32_t)(r % n);
    }
  for (size_t v = 0; v < n; v++)
    parent[v] = (uint32_t)v;
}

/* Every vertex has the component the sequential loop gives it. */
static int components_check(void) {
  uint32_t *p = malloc(vertices * sizeof *p);
  for (size_t v = 0; v < vertices; v++)
    p[v] = (uint32_t)v;
  for (size_t b = 0; b * EDGE_BATCH < nedges; b++)
    merge_batch(p, b);
  int ok = 1;
  for (size_t v = 0; v < vertices; v++)
    ok &= find(p, (uint32_t)v) == find(parent, (uint32_t)v);
  free(p);
  return ok;
}

/*--- The loop, per variant -------------------------------------------------*/

enum { WORDFREQ, TREE, COMPONENTS };
static int kind;
static size_t iterations;

TM_SAFE static void body(size_t i) {
  if (kind == TREE)
    insert_batch(i);
  else if (kind == COMPONENTS)
    merge_batch(parent, i);
  else
    count_words(i);
}

#if defined(BENCH_AME)
static void loop_body(size_t i, void *ctx) {
  (void)ctx;
  body(i);
}
#endif

#if defined(BENCH_GNUTM) || defined(BENCH_MUTEX)
static size_t next_index;
static void worker(int id) {
  (void)id;
  for (;;) {
    size_t i = __atomic_fetch_add(&next_index, 1, __ATOMIC_RELAXED);
    if (i >= iterations)
      break;
    ATOMIC { body(i); }
  }
}
#endif

int main(int argc, char **argv) {
  const char *name = bench_opt_str(argc, argv, "kind", "wordfreq");
  int workers = (int)bench_opt_long(argc, argv, "workers", 1);
  int ordered = (int)bench_opt_long(argc, argv, "ordered", 0);
  kind = strcmp(name, "tree") == 0         ? TREE
         : strcmp(name, "components") == 0 ? COMPONENTS
                                           : WORDFREQ;
  if (kind == COMPONENTS) {
    components_setup((size_t)bench_opt_long(argc, argv, "vertices", 1000000));
    iterations = (nedges + EDGE_BATCH - 1) / EDGE_BATCH;
  } else if (kind == TREE) {
    tree_keys = (size_t)bench_opt_long(argc, argv, "keys", 300000);
    iterations = (tree_keys + TREE_BATCH - 1) / TREE_BATCH;
  } else {
    wordfreq_setup((size_t)bench_opt_long(argc, argv, "mb", 16));
    iterations = (text_len + CHUNK - 1) / CHUNK;
  }
  double t0 = bench_now();
#if defined(BENCH_AME)
  ame_set_workers((unsigned)workers);
  ame_parallel_for(0, iterations, loop_body, NULL, ordered ? AME_ORDERED : 0);
#elif defined(BENCH_GNUTM) || defined(BENCH_MUTEX)
  if (ordered) {
    fprintf(stderr, "parloop: no ordered mode in this variant\n");
    return 2;
  }
  bench_run_threads(workers, 0, worker);
#else
  if (workers != 1 || ordered) {
    fprintf(stderr, "parloop: the sequential loop has one worker\n");
    return 2;
  }
  for (size_t i = 0; i < iterations; i++)
    body(i);
#endif
  double t = bench_now() - t0;
  int ok = kind == TREE         ? tree_count(root) == tree_keys
           : kind == COMPONENTS ? components_check()
                                : wordfreq_check();
  printf("bench=parloop kind=%s workers=%d ordered=%d seconds=%.6f result=%s\n",
         name, workers, ordered, t, ok ? "ok" : "BAD");
  bench_print_runtime_info();
  return !ok;
}
