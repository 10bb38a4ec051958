/*===- bench/shapes.c - Atomic blocks shaped like STAMP's (issue 12) --------===
 *
 * Three kernels, each a loop of atomic blocks over shared data, shaped like
 * the STAMP programs whose blocks do much more than a few shared accesses:
 *
 * --kind=labyrinth  a maze router (STAMP labyrinth): the block rips up the
 *   path of a random slot, copies the bounding box of a new route's ends
 *   from the shared grid into a buffer it allocates, runs a breadth-first
 *   search there (a queue it allocates too), and writes the path it traces
 *   back into the grid and into the slot. The search, the bulk of the work,
 *   touches only memory the block allocated.
 * --kind=genome     a segment table (STAMP genome, intruder): the block
 *   looks a segment of a shared read-only pool up in a chained hash table
 *   (hash, length, then bytes compared); absent, it allocates a node and a
 *   buffer of the segment's length, copies the bytes in and links the node
 *   into its bucket; present, it unlinks and frees it (the table stays half
 *   full).
 * --kind=yada       mesh refinement (STAMP yada): the block gathers the
 *   cavity around a random element (its neighbours to depth 2), tests every
 *   cavity element's vertices against every other's circumcircle (the same
 *   nodes read many times), then moves the vertices toward the cavity's
 *   centroid and bumps each element's generation.
 *
 * --threads (1 or 2), --seconds per run, or --blocks per thread instead (a
 * fixed amount of work, for callgrind). Prints one line: time per block,
 * aborts per commit and a check of the shared structure after the run.
 *
 *   shapes-ame --kind=labyrinth --threads=1 --seconds=1
 *   valgrind --tool=callgrind shapes-ame --kind=yada --blocks=2000
 *===----------------------------------------------------------------------===*/
#include "common.h"

/* Geometry that never changes once published (yada) is declared so: AME
 * reads it without barriers (docs/user-guide.md, "Immutable data"). */
#ifndef BENCH_AME
#define AME_IMMUTABLE
#endif

enum kind { LABYRINTH, GENOME, YADA };
static enum kind kind;
static long blocks_per_thread; /* 0: run for --seconds */

struct counts {
  /* done: paths laid, segments inserted, cavities of more than one element */
  uint64_t blocks, done, aborts;
  int64_t net; /* genome: inserts minus removes */
  char pad[32];
};
static struct counts per_thread[64];

/*--- labyrinth -------------------------------------------------------------*/

#define LAB_SLOTS 32
#define LAB_MAXPATH 512
#define LAB_REACH 12 /* ends at most this far apart in x and in y */
#define LAB_MARGIN 4 /* the search may leave the ends' box by this much */
#define LAB_WALL (-1)

static int side;  /* the grid is side x side cells */
static int *grid; /* 0 free, LAB_WALL, or slot + 1 of the path through it */
struct lab_path {
  int len;
  int cells[LAB_MAXPATH];
};
static struct lab_path *paths; /* LAB_SLOTS routes, ripped up and redone */

/* Routes src to dst for slot s; returns whether a path was laid. */
__attribute__((noinline)) static int lab_route(int s, int src, int dst) {
  int routed = 0;
  ATOMIC {
    BENCH_ATTEMPT();
    struct lab_path *p = &paths[s];
    for (int i = 0; i < p->len; i++)
      grid[p->cells[i]] = 0;
    p->len = 0;
    int sx = src % side, sy = src / side, dx = dst % side, dy = dst / side;
    int x0 = (sx < dx ? sx : dx) - LAB_MARGIN, x1 = (sx > dx ? sx : dx) + LAB_MARGIN;
    int y0 = (sy < dy ? sy : dy) - LAB_MARGIN, y1 = (sy > dy ? sy : dy) + LAB_MARGIN;
    x0 = x0 < 0 ? 0 : x0;
    y0 = y0 < 0 ? 0 : y0;
    x1 = x1 >= side ? side - 1 : x1;
    y1 = y1 >= side ? side - 1 : y1;
    int w = x1 - x0 + 1, h = y1 - y0 + 1, n = w * h;
    /* The box's cells: 0 free, -1 blocked, then the distance + 1 from src. */
    int *box = malloc((size_t)n * sizeof *box);
    int *queue = malloc((size_t)n * sizeof *queue);
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        box[y * w + x] = grid[(y0 + y) * side + x0 + x] ? -1 : 0;
    int b_src = (sy - y0) * w + (sx - x0), b_dst = (dy - y0) * w + (dx - x0);
    int head = 0, tail = 0;
    if (b_src != b_dst && box[b_src] == 0 && box[b_dst] == 0) {
      box[b_src] = 1;
      queue[tail++] = b_src;
    }
    while (head < tail && box[b_dst] == 0) {
      int c = queue[head++], cx = c % w, d = box[c] + 1;
      if (cx > 0 && box[c - 1] == 0) {
        box[c - 1] = d;
        queue[tail++] = c - 1;
      }
      if (cx < w - 1 && box[c + 1] == 0) {
        box[c + 1] = d;
        queue[tail++] = c + 1;
      }
      if (c >= w && box[c - w] == 0) {
        box[c - w] = d;
        queue[tail++] = c - w;
      }
      if (c + w < n && box[c + w] == 0) {
        box[c + w] = d;
        queue[tail++] = c + w;
      }
    }
    int len = box[b_dst];
    if (len > 0 && len <= LAB_MAXPATH) {
      /* Back from dst along decreasing distances. */
      int c = b_dst;
      for (int k = len - 1; k >= 0; k--) {
        int cell = (y0 + c / w) * side + x0 + c % w;
        grid[cell] = s + 1;
        p->cells[k] = cell;
        if (k == 0)
          break;
        int cx = c % w, want = box[c] - 1;
        if (cx > 0 && box[c - 1] == want)
          c = c - 1;
        else if (cx < w - 1 && box[c + 1] == want)
          c = c + 1;
        else if (c >= w && box[c - w] == want)
          c = c - w;
        else
          c = c + w;
      }
      p->len = len;
      routed = 1;
    }
    free(queue);
    free(box);
  }
  return routed;
}

static void lab_init(long sz) {
  side = (int)sz;
  grid = bench_alloc((size_t)side * (size_t)side * sizeof *grid);
  paths = bench_alloc(LAB_SLOTS * sizeof *paths);
  uint64_t rng = 42;
  for (long i = 0; i < (long)side * side; i++)
    if (bench_rand(&rng) % 100 < 15)
      grid[i] = LAB_WALL;
}

static int lab_op(uint64_t *rng) {
  int src = (int)(bench_rand(rng) % (uint64_t)((long)side * side));
  int sx = src % side, sy = src / side;
  int dx = sx + (int)(bench_rand(rng) % (2 * LAB_REACH + 1)) - LAB_REACH;
  int dy = sy + (int)(bench_rand(rng) % (2 * LAB_REACH + 1)) - LAB_REACH;
  dx = dx < 0 ? 0 : dx >= side ? side - 1 : dx;
  dy = dy < 0 ? 0 : dy >= side ? side - 1 : dy;
  return lab_route((int)(bench_rand(rng) % LAB_SLOTS), src, dy * side + dx);
}

/* Every slot's path is connected, lies on cells marked with its slot, and
 * no other cell is marked. */
static int lab_check(void) {
  long marked = 0, on_paths = 0;
  for (long i = 0; i < (long)side * side; i++)
    marked += grid[i] > 0;
  for (int s = 0; s < LAB_SLOTS; s++) {
    struct lab_path *p = &paths[s];
    on_paths += p->len;
    for (int k = 0; k < p->len; k++) {
      if (grid[p->cells[k]] != s + 1)
        return 0;
      if (k) {
        int a = p->cells[k - 1], b = p->cells[k];
        int dist = abs(a % side - b % side) + abs(a / side - b / side);
        if (dist != 1)
          return 0;
      }
    }
  }
  return marked == on_paths;
}

/*--- genome ----------------------------------------------------------------*/

#define GEN_POOL (1 << 20)
#define GEN_MINLEN 24
#define GEN_LENS 41

struct seg {
  uint64_t hash;
  long len;
  char *bytes;
  struct seg *next;
};
static char *pool;             /* the sequence segments are cut from */
static struct seg **buckets;   /* sentinel-free chains */
static unsigned long nbuckets;
static long gen_keys;          /* segment start offsets drawn from [0, keys) */

static uint64_t gen_hash(const char *s, long n) {
  uint64_t h = 1469598103934665603ULL;
  for (long i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

TM_SAFE static int same_bytes(const char *a, const char *b, long n) {
  for (long i = 0; i < n; i++)
    if (a[i] != b[i])
      return 0;
  return 1;
}

/* Inserts the segment if absent, removes it if present: +1 or -1. */
__attribute__((noinline)) static int gen_toggle(long off, long len,
                                                uint64_t h) {
  int delta = 0;
  ATOMIC {
    BENCH_ATTEMPT();
    struct seg **link = &buckets[h % nbuckets], *cur;
    while ((cur = *link) != NULL &&
           !(cur->hash == h && cur->len == len &&
             same_bytes(cur->bytes, &pool[off], len)))
      link = &cur->next;
    if (cur) {
      *link = cur->next;
      free(cur->bytes);
      free(cur);
      delta = -1;
    } else {
      struct seg *n = malloc(sizeof *n);
      n->hash = h;
      n->len = len;
      n->bytes = malloc((size_t)len);
      memcpy(n->bytes, &pool[off], (size_t)len);
      n->next = buckets[h % nbuckets];
      buckets[h % nbuckets] = n;
      delta = 1;
    }
  }
  return delta;
}

static void gen_init(long keys) {
  gen_keys = keys;
  nbuckets = (unsigned long)keys / 2;
  pool = bench_alloc(GEN_POOL + 64 + GEN_LENS);
  buckets = bench_alloc(nbuckets * sizeof *buckets);
  uint64_t rng = 7;
  for (long i = 0; i < GEN_POOL + 64 + GEN_LENS; i++)
    pool[i] = "ACGT"[bench_rand(&rng) & 3];
}

static int gen_op(uint64_t *rng) {
  /* Offsets spaced so that segments differ; the length follows from the
   * offset, so one offset is always one segment. */
  long k = (long)(bench_rand(rng) % (uint64_t)gen_keys);
  long off = (k * 61) % GEN_POOL, len = GEN_MINLEN + k % GEN_LENS;
  return gen_toggle(off, len, gen_hash(&pool[off], len));
}

static long gen_size(int *ok) {
  long n = 0;
  for (unsigned long b = 0; b < nbuckets; b++)
    for (struct seg *s = buckets[b]; s; s = s->next) {
      n++;
      if (s->hash % nbuckets != b || gen_hash(s->bytes, s->len) != s->hash)
        *ok = 0;
    }
  return n;
}

/*--- yada ------------------------------------------------------------------*/

#define YADA_CAVITY 16

/* As in STAMP's yada, an element's geometry never changes once it is
 * published: refinement replaces elements, it does not move them. */
struct elem {
  AME_IMMUTABLE double x[3];
  AME_IMMUTABLE double y[3];
  AME_IMMUTABLE double cx; /* circumcircle */
  AME_IMMUTABLE double cy;
  AME_IMMUTABLE double r2;
  AME_IMMUTABLE long slot; /* its index in mesh */
  AME_IMMUTABLE long gen;  /* elements it replaced, counting itself */
  struct elem *nbr[3];
};
static struct elem **mesh; /* the live elements */
static long nelems, mesh_w;

TM_SAFE static void yada_circumcircle(struct elem *e) {
  double ax = e->x[0], ay = e->y[0], bx = e->x[1], by = e->y[1];
  double cx = e->x[2], cy = e->y[2];
  double d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
  double a2 = ax * ax + ay * ay, b2 = bx * bx + by * by, c2 = cx * cx + cy * cy;
  e->cx = (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d;
  e->cy = (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d;
  e->r2 = (ax - e->cx) * (ax - e->cx) + (ay - e->cy) * (ay - e->cy);
}

/* Whether (px, py) lies strictly inside e's circumcircle, from its
 * vertices. Not inlined, as a geometry kernel called from several places
 * (in STAMP, from another file) would not be. */
TM_SAFE __attribute__((noinline)) static int in_circle(const struct elem *e,
                                                       double px, double py) {
  double ax = e->x[0] - px, ay = e->y[0] - py;
  double bx = e->x[1] - px, by = e->y[1] - py;
  double cx = e->x[2] - px, cy = e->y[2] - py;
  double det = (ax * ax + ay * ay) * (bx * cy - cx * by) -
               (bx * bx + by * by) * (ax * cy - cx * ay) +
               (cx * cx + cy * cy) * (ax * by - bx * ay);
  return det > 0;
}

/* Refines the cavity around the element in slot s: every element of it is
 * replaced by a new one (its vertices moved slightly), linked to the same
 * neighbours. Returns the cavity's size. */
__attribute__((noinline)) static int yada_refine(long s) {
  int size = 0;
  ATOMIC {
    BENCH_ATTEMPT();
    struct elem *cav[YADA_CAVITY], *repl[YADA_CAVITY];
    int n = 1, depth_end = 1;
    cav[0] = mesh[s];
    double px = cav[0]->cx, py = cav[0]->cy;
    /* Neighbours to depth 2 whose circumcircle holds the new point, and
     * the direct neighbours in any case. */
    for (int depth = 0, i = 0; depth < 2; depth++, depth_end = n)
      for (; i < depth_end; i++)
        for (int k = 0; k < 3; k++) {
          struct elem *m = cav[i]->nbr[k];
          int seen = 0;
          for (int j = 0; j < n; j++)
            seen |= cav[j] == m;
          double dx = px - m->cx, dy = py - m->cy;
          if (!seen && n < YADA_CAVITY && (depth == 0 || dx * dx + dy * dy < m->r2))
            cav[n++] = m;
        }
    /* Encroached pairs: every vertex of every element against every other
     * element's circumcircle (the same nodes read many times). */
    int hits = 0;
    for (int i = 0; i < n; i++)
      for (int j = 0; j < n; j++)
        if (i != j)
          for (int v = 0; v < 3; v++)
            hits += in_circle(cav[i], cav[j]->x[v], cav[j]->y[v]);
    double shift = hits & 1 ? 1e-3 : -1e-3;
    for (int i = 0; i < n; i++) {
      struct elem *o = cav[i], *e = malloc(sizeof *e);
      for (int v = 0; v < 3; v++) {
        e->x[v] = o->x[v] + (px - o->x[v]) * shift;
        e->y[v] = o->y[v] + (py - o->y[v]) * shift;
      }
      yada_circumcircle(e);
      e->slot = o->slot;
      e->gen = o->gen + 1;
      for (int k = 0; k < 3; k++)
        e->nbr[k] = o->nbr[k];
      repl[i] = e;
    }
    /* Links to a replaced element go to its replacement, inside the cavity
     * and from its border. */
    for (int i = 0; i < n; i++)
      for (int k = 0; k < 3; k++) {
        struct elem *m = repl[i]->nbr[k];
        int j = 0;
        while (j < n && cav[j] != m)
          j++;
        if (j < n)
          repl[i]->nbr[k] = repl[j];
        else
          for (int q = 0; q < 3; q++)
            if (m->nbr[q] == cav[i])
              m->nbr[q] = repl[i];
      }
    for (int i = 0; i < n; i++) {
      mesh[cav[i]->slot] = repl[i];
      free(cav[i]);
    }
    size = n;
  }
  return size;
}

/* A torus of w x h cells, two triangles each: element 2i and 2i+1 share
 * the cell's diagonal, and each has two more neighbours in the cells
 * around (wrapping at the edges, so every element has three). */
static void yada_init(long elems) {
  mesh_w = 64;
  nelems = elems - elems % (2 * mesh_w);
  long h = nelems / (2 * mesh_w);
  mesh = bench_alloc((size_t)nelems * sizeof *mesh);
  for (long i = 0; i < nelems; i++) {
    /* malloc, as the blocks allocate the elements that replace these: a
     * page each (bench_alloc) made every first visit of an element a TLB
     * miss, and AME's a second one for its lock word, until refinement had
     * replaced it, so the time per block fell as a run went on. */
    struct elem *e = calloc(1, sizeof *e);
    if (!e) {
      fprintf(stderr, "shapes: out of memory\n");
      exit(2);
    }
    long cell = i / 2, cx = cell % mesh_w, cy = cell / mesh_w;
    int up = (i & 1) != 0;
    e->x[0] = (double)cx;
    e->y[0] = (double)cy;
    e->x[1] = (double)cx + 1;
    e->y[1] = (double)cy + up;
    e->x[2] = (double)cx + !up;
    e->y[2] = (double)cy + 1;
    yada_circumcircle(e);
    e->slot = i;
    e->gen = 1;
    mesh[i] = e;
  }
  for (long i = 0; i < nelems; i++) {
    long cell = i / 2, cx = cell % mesh_w, cy = cell / mesh_w;
    int up = (i & 1) != 0;
    long left = ((cx + mesh_w - 1) % mesh_w + cy * mesh_w) * 2 + 1;
    long right = ((cx + 1) % mesh_w + cy * mesh_w) * 2;
    long below = (cx + ((cy + h - 1) % h) * mesh_w) * 2 + 1;
    long above = (cx + ((cy + 1) % h) * mesh_w) * 2;
    mesh[i]->nbr[0] = mesh[i ^ 1];
    mesh[i]->nbr[1] = mesh[up ? right : left];
    mesh[i]->nbr[2] = mesh[up ? above : below];
  }
}

/* Every element sits in its slot and is a neighbour of its neighbours;
 * generations add up to the elements created: the initial ones plus the
 * cavity sizes the blocks reported. */
static int yada_check(long cells) {
  long gens = 0;
  for (long i = 0; i < nelems; i++) {
    struct elem *e = mesh[i];
    if (e->slot != i)
      return 0;
    gens += e->gen;
    for (int k = 0; k < 3; k++) {
      struct elem *m = e->nbr[k];
      if (m != mesh[m->slot] ||
          (m->nbr[0] != e && m->nbr[1] != e && m->nbr[2] != e))
        return 0;
    }
  }
  return gens == nelems + cells;
}

/*--- driver ----------------------------------------------------------------*/

static int64_t yada_cells[64];

static void worker(int id) {
  uint64_t rng = 0x9E3779B97F4A7C15ULL * (uint64_t)(id + 11);
  struct counts c = {0};
  int64_t cells = 0;
  while (blocks_per_thread ? (long)c.blocks < blocks_per_thread
                           : !bench_stop()) {
    switch (kind) {
    case LABYRINTH:
      c.done += lab_op(&rng);
      break;
    case GENOME: {
      int delta = gen_op(&rng);
      c.net += delta;
      c.done += delta > 0;
      break;
    }
    case YADA: {
      int n = yada_refine((long)(bench_rand(&rng) % (uint64_t)nelems));
      cells += n;
      c.done += n > 1;
      break;
    }
    }
    c.blocks++;
  }
  c.aborts = bench_thread_aborts(c.blocks);
  per_thread[id] = c;
  yada_cells[id] = cells;
}

int main(int argc, char **argv) {
  const char *k = bench_opt_str(argc, argv, "kind", "labyrinth");
  int threads = (int)bench_opt_long(argc, argv, "threads", 1);
  double seconds = bench_opt_double(argc, argv, "seconds", 1.0);
  blocks_per_thread = bench_opt_long(argc, argv, "blocks", 0);
  if (!strcmp(k, "labyrinth"))
    kind = LABYRINTH;
  else if (!strcmp(k, "genome"))
    kind = GENOME;
  else if (!strcmp(k, "yada"))
    kind = YADA;
  else {
    fprintf(stderr, "shapes: --kind=labyrinth, genome or yada\n");
    return 2;
  }
  if ((!BENCH_MULTITHREAD && threads != 1) || threads < 1 || threads > 64) {
    fprintf(stderr, "shapes: the %s variant runs one thread only\n",
            BENCH_VARIANT);
    return 2;
  }
  long size = 0;
  switch (kind) {
  case LABYRINTH:
    size = bench_opt_long(argc, argv, "side", 128);
    lab_init(size);
    break;
  case GENOME:
    size = bench_opt_long(argc, argv, "keys", 16384);
    gen_init(size);
    break;
  case YADA:
    size = bench_opt_long(argc, argv, "elems", 1 << 16);
    yada_init(size);
    break;
  }

  double elapsed = bench_run_threads(
      threads, blocks_per_thread ? 0 : seconds, worker);
  struct counts sum = {0};
  int64_t cells = 0;
  for (int i = 0; i < threads; i++) {
    sum.blocks += per_thread[i].blocks;
    sum.done += per_thread[i].done;
    sum.aborts += per_thread[i].aborts;
    sum.net += per_thread[i].net;
    cells += yada_cells[i];
  }
  int ok = 1;
  switch (kind) {
  case LABYRINTH:
    ok = lab_check();
    break;
  case GENOME:
    ok = gen_size(&ok) == sum.net && ok;
    break;
  case YADA:
    ok = yada_check(cells);
    break;
  }
  printf("bench=shapes variant=%s kind=%s threads=%d size=%ld seconds=%.3f "
         "blocks=%llu blocks_per_s=%.1f ns_per_block=%.1f done_pct=%.1f "
         "check=%s "
         "aborts_per_commit=%.4f\n",
         BENCH_VARIANT, k, threads, size, elapsed,
         (unsigned long long)sum.blocks, (double)sum.blocks / elapsed,
         1e9 * elapsed * threads / (double)(sum.blocks ? sum.blocks : 1),
         100.0 * (double)sum.done / (double)(sum.blocks ? sum.blocks : 1),
         ok ? "ok" : "BAD", (double)sum.aborts / (double)(sum.blocks + 1));
  bench_print_runtime_info();
  return 0;
}
