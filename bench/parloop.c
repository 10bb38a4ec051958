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

enum {
  CHUNK = 262144,
  MAX_WORD = 23,
  LOCAL = 8192,
  SHARED = 1 << 16,
  STRIPES = 8
};

struct slot {
  uint64_t hash; /* 0: empty */
  uint32_t count;
  uint32_t at; /* the word: buf[at], buf[at + 1], ... */
  uint32_t len;
};
struct key {
  uint64_t hash;
  char word[MAX_WORD + 1];
};

static _Alignas(64) char *text;
static size_t text_len;
static _Alignas(64) struct key keys[SHARED];
static _Alignas(64) long stripes[STRIPES][SHARED];

TM_SAFE static void count_chunk(size_t i) {
  size_t lo = i * CHUNK, hi = lo + CHUNK;
  if (hi > text_len)
    hi = text_len;
  while (lo > 0 && lo < hi && text[lo - 1] != ' ')
    lo++;
  char buf[CHUNK + MAX_WORD + 2];
  /* ... and the end of the word that straddles its end, if one does. */
  size_t end = hi;
  while (end > lo && end < text_len && text[end - 1] != ' ' &&
         text[end] != ' ' && end - hi < MAX_WORD)
    end++;
  size_t n = end - lo;
  memcpy(buf, text + lo, n);
  buf[n] = ' ';
  struct slot local[LOCAL];
  memset(local, 0, sizeof local);
  for (size_t p = 0; p < n;) {
    while (p < n && buf[p] == ' ')
      p++;
    size_t s = p;
    while (p < n && buf[p] != ' ')
      p++;
    if (p == s)
      break;
    size_t len = p - s > MAX_WORD ? MAX_WORD : p - s;
    uint64_t h = 1469598103934665603ull;
    for (size_t c = 0; c < len; c++)
      h = (h ^ (unsigned char)buf[s + c]) * 1099511628211ull;
    h |= 1;
    for (size_t k = h & (LOCAL - 1);; k = (k + 1) & (LOCAL - 1)) {
      if (local[k].hash == h) {
        local[k].count++;
        break;
      }
      if (!local[k].hash) {
        local[k].hash = h;
        local[k].count = 1;
        local[k].at = (uint32_t)s;
        local[k].len = (uint32_t)len;
        break;
      }
    }
  }
  long *stripe = stripes[i % STRIPES];
  for (size_t k = 0; k < LOCAL; k++) {
    if (!local[k].hash)
      continue;
    uint64_t h = local[k].hash;
    for (size_t m = h & (SHARED - 1);; m = (m + 1) & (SHARED - 1)) {
      if (keys[m].hash == h) {
        stripe[m] += local[k].count;
        break;
      }
      if (!keys[m].hash) {
        memcpy(keys[m].word, buf + local[k].at, local[k].len);
        keys[m].word[local[k].len] = 0;
        keys[m].hash = h;
        stripe[m] += local[k].count;
        break;
      }
    }
  }
}

static void wordfreq_setup(size_t mb) {
  enum { VOCAB = 4000 };
  static char words[VOCAB][12];
  uint64_t r = 88172645463325252ull;
  for (int w = 0; w < VOCAB; w++) {
    int len = 2 + w % 9;
    for (int c = 0; c < len; c++) {
      r ^= r << 13, r ^= r >> 7, r ^= r << 17;
      words[w][c] = (char)('a' + r % 26);
    }
    words[w][len] = 0;
  }
  size_t bytes = mb << 20;
  text = bench_alloc(bytes + 16);
  size_t p = 0;
  while (p < bytes) {
    r ^= r << 13, r ^= r >> 7, r ^= r << 17;
    double u = (double)(r >> 11) / (double)(1ull << 53);
    int w = (int)(VOCAB * u * u * u);
    size_t len = strlen(words[w]);
    memcpy(text + p, words[w], len);
    p += len;
    text[p++] = ' ';
  }
  text_len = p;
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
    count_chunk(i);
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
