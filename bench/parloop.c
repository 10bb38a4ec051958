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

#define TREE_FN TM_SAFE
#include "../examples/tree_kernel.h"

static size_t tree_count(const struct node *n) {
  size_t c = 0;
  for (; n; n = n->right)
    c += 1 + tree_count(n->left);
  return c;
}

/*--- Connected components (examples/components.c) --------------------------*/

#define COMPONENTS_FN TM_SAFE
#include "../examples/components_kernel.h"

static void components_setup(size_t n) {
  make_graph(bench_alloc(edges_for(n) * sizeof *edges), n);
  parent = bench_alloc(n * sizeof *parent);
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
