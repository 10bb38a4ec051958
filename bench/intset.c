/*===- bench/intset.c - Integer sets: a sorted linked list and a hash set ---===
 *
 * --kind=list: one sorted singly linked list. --kind=hash: --buckets sorted
 * chains (default: one bucket per key). The set starts with --keys keys drawn
 * from [0, 2*keys); each operation picks a random key in that range and is a
 * lookup, or with probability --update-pct percent an insert or a delete
 * (half each), so the size stays near --keys. Nodes are allocated and freed
 * inside the atomic blocks. Reports operations per second.
 *
 *   intset-ame --kind=list --keys=256 --update-pct=20 --threads=2
 *   intset-ame --kind=hash --keys=4096 --update-pct=20 --threads=2
 *===----------------------------------------------------------------------===*/
#include "common.h"

#include <limits.h>

struct node {
  long key;
  struct node *next;
};

static struct node **heads; /* one sentinel per bucket; a list has one */
static unsigned long nbuckets;
static long key_range;
static int update_pct;

struct counts {
  uint64_t ops, updates, aborts;
  int64_t net_added; /* successful inserts minus successful deletes */
  char pad[32];
};
static struct counts per_thread[64];

TM_SAFE static struct node **bucket_of(long key) {
  return &heads[((unsigned long)key * 0x9E3779B97F4A7C15ULL >> 20) % nbuckets];
}

/* The sentinel heading key's chain, and the first node with node->key >= key
 * (the tail sentinel holds LONG_MAX). */
TM_SAFE static struct node *find(long key, struct node **prev_out) {
  struct node *prev = *bucket_of(key), *cur = prev->next;
  while (cur->key < key) {
    prev = cur;
    cur = cur->next;
  }
  *prev_out = prev;
  return cur;
}

__attribute__((noinline)) static int set_contains(long key) {
  int found = 0;
  ATOMIC {
    BENCH_ATTEMPT();
    struct node *prev;
    found = find(key, &prev)->key == key;
  }
  return found;
}

__attribute__((noinline)) static int set_insert(long key) {
  int added = 0;
  ATOMIC {
    BENCH_ATTEMPT();
    struct node *prev, *cur = find(key, &prev);
    added = 0;
    if (cur->key != key) {
      struct node *n = malloc(sizeof *n);
      n->key = key;
      n->next = cur;
      prev->next = n;
      added = 1;
    }
  }
  return added;
}

__attribute__((noinline)) static int set_delete(long key) {
  int removed = 0;
  ATOMIC {
    BENCH_ATTEMPT();
    struct node *prev, *cur = find(key, &prev);
    removed = 0;
    if (cur->key == key) {
      prev->next = cur->next;
      free(cur);
      removed = 1;
    }
  }
  return removed;
}

static void worker(int id) {
  uint64_t rng = 0x9E3779B97F4A7C15ULL * (uint64_t)(id + 7);
  struct counts c = {0};
  while (!bench_stop()) {
    uint64_t r = bench_rand(&rng);
    long key = (long)((r >> 16) % (uint64_t)key_range);
    int pct = (int)(r % 100);
    if (pct < update_pct / 2)
      c.net_added += set_insert(key);
    else if (pct < update_pct)
      c.net_added -= set_delete(key);
    else
      set_contains(key);
    c.ops++;
    c.updates += pct < update_pct;
  }
  c.aborts = bench_thread_aborts(c.ops);
  per_thread[id] = c;
}

static long set_size(void) {
  long n = 0;
  for (unsigned long b = 0; b < nbuckets; b++)
    for (struct node *p = heads[b]->next; p->key != LONG_MAX; p = p->next)
      n++;
  return n;
}

int main(int argc, char **argv) {
  const char *kind = bench_opt_str(argc, argv, "kind", "list");
  int is_hash = strcmp(kind, "hash") == 0;
  long keys = bench_opt_long(argc, argv, "keys", is_hash ? 4096 : 256);
  int threads = (int)bench_opt_long(argc, argv, "threads", 1);
  double seconds = bench_opt_double(argc, argv, "seconds", 1.0);
  update_pct = (int)bench_opt_long(argc, argv, "update-pct", 20);
  nbuckets = is_hash ? (unsigned long)bench_opt_long(argc, argv, "buckets", keys)
                     : 1;
  key_range = 2 * keys;
  if (!BENCH_MULTITHREAD && threads != 1) {
    fprintf(stderr, "intset: the %s variant runs one thread only\n",
            BENCH_VARIANT);
    return 2;
  }
  if (!is_hash && strcmp(kind, "list") != 0) {
    fprintf(stderr, "intset: --kind=list or --kind=hash\n");
    return 2;
  }
  heads = bench_alloc(nbuckets * sizeof *heads);
  for (unsigned long b = 0; b < nbuckets; b++) {
    /* malloc, like the nodes the operations insert: a page each
     * (bench_alloc) made every operation's first step a TLB miss, and
     * AME's lock word a second one. */
    struct node *tail = malloc(sizeof *tail);
    heads[b] = malloc(sizeof *heads[b]);
    if (!tail || !heads[b]) {
      fprintf(stderr, "intset: out of memory\n");
      return 2;
    }
    tail->key = LONG_MAX;
    tail->next = NULL;
    heads[b]->key = LONG_MIN;
    heads[b]->next = tail;
  }
  uint64_t rng = 12345;
  for (long n = 0; n < keys;)
    n += set_insert((long)(bench_rand(&rng) % (uint64_t)key_range));

  double elapsed = bench_run_threads(threads, seconds, worker);
  struct counts sum = {0};
  for (int i = 0; i < threads; i++) {
    sum.ops += per_thread[i].ops;
    sum.updates += per_thread[i].updates;
    sum.aborts += per_thread[i].aborts;
    sum.net_added += per_thread[i].net_added;
  }
  long size = set_size();
  printf("bench=%s variant=%s threads=%d keys=%ld buckets=%lu update_pct=%d "
         "seconds=%.3f ops_per_s=%.1f final_size=%ld size_check=%s "
         "aborts_per_commit=%.4f\n",
         kind, BENCH_VARIANT, threads, keys, nbuckets, update_pct, elapsed,
         (double)sum.ops / elapsed, size,
         size == keys + sum.net_added ? "ok" : "BAD",
         (double)sum.aborts / (double)(sum.ops + 1));
  bench_print_runtime_info();
  return 0;
}
