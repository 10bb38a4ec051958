/*===- hashmap.c - AME example: a growing hash table shared by threads -----===
 *
 * Threads count words in one shared chained hash table. Every update is an
 * AME_ATOMIC function; when the table gets too full, the update that notices
 * rehashes the whole table inside its transaction: one large block that
 * allocates a new bucket array, moves every entry and frees the old array,
 * while the other threads keep counting. Each resize is announced with
 * ame_on_commit, so the message is printed once, and only for a resize that
 * committed. No locks anywhere.
 *
 *   build/bin/ame-cc -O2 examples/hashmap.c -o hashmap && ./hashmap [threads]
 *===----------------------------------------------------------------------===*/
#include <ame.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WORDS_PER_THREAD = 200000, VOCABULARY = 20000, MAX_THREADS = 64 };

struct entry {
  struct entry *next;
  uint64_t key;
  long count;
};

struct table {
  struct entry **buckets;
  size_t size; /* a power of two */
  size_t used;
  int resizes;
};

static struct table words = {NULL, 0, 0, 0};

static size_t bucket_of(uint64_t key, size_t size) {
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdull;
  key ^= key >> 33;
  return (size_t)key & (size - 1);
}

static void announce(void *arg) {
  printf("  resized the table to %zu buckets\n", (size_t)(uintptr_t)arg);
}

/* Runs inside the transaction of count_word: a large atomic step. */
static void grow(struct table *t) {
  size_t size = t->size * 4;
  struct entry **buckets = calloc(size, sizeof *buckets);
  if (!buckets)
    abort();
  for (size_t b = 0; b < t->size; b++) {
    struct entry *e = t->buckets[b];
    while (e) {
      struct entry *next = e->next;
      size_t nb = bucket_of(e->key, size);
      e->next = buckets[nb];
      buckets[nb] = e;
      e = next;
    }
  }
  free(t->buckets);
  t->buckets = buckets;
  t->size = size;
  t->resizes++;
  ame_on_commit(announce, (void *)(uintptr_t)size);
}

/* Adds one occurrence of key; every call is one transaction. */
AME_ATOMIC static void count_word(uint64_t key) {
  struct table *t = &words;
  if (t->used >= t->size)
    grow(t);
  size_t b = bucket_of(key, t->size);
  for (struct entry *e = t->buckets[b]; e; e = e->next)
    if (e->key == key) {
      e->count++;
      return;
    }
  struct entry *e = malloc(sizeof *e);
  if (!e)
    abort();
  e->key = key;
  e->count = 1;
  e->next = t->buckets[b];
  t->buckets[b] = e;
  t->used++;
}

static void *work(void *arg) {
  uint64_t x = (uint64_t)(uintptr_t)arg * 0x9E3779B97F4A7C15ull + 1;
  for (int i = 0; i < WORDS_PER_THREAD; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    count_word(x % VOCABULARY);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 4;
  if (threads < 1 || threads > MAX_THREADS) {
    fprintf(stderr, "usage: %s [threads (1-%d)]\n", argv[0], MAX_THREADS);
    return 2;
  }
  words.size = 16;
  words.buckets = calloc(words.size, sizeof *words.buckets);
  printf("AME hashmap: %d threads count %d words each\n", threads,
         WORDS_PER_THREAD);

  pthread_t tid[MAX_THREADS];
  for (int t = 0; t < threads; t++)
    pthread_create(&tid[t], NULL, work, (void *)(uintptr_t)(t + 1));
  for (int t = 0; t < threads; t++)
    pthread_join(tid[t], NULL);

  long total = 0;
  size_t distinct = 0;
  for (size_t b = 0; b < words.size; b++)
    for (struct entry *e = words.buckets[b]; e; e = e->next) {
      total += e->count;
      distinct++;
      if (bucket_of(e->key, words.size) != b)
        total = -1000000000; /* an entry in the wrong bucket */
    }
  struct ame_stats s;
  ame_stats_total(&s);
  uint64_t aborts = 0;
  for (int c = 0; c < AME_ABORT_CAUSE_COUNT; c++)
    aborts += s.aborts[c];
  printf("%zu distinct words, %ld counted (expected %ld), %d resizes, "
         "%llu commits, %llu aborts\n",
         distinct, total, (long)threads * WORDS_PER_THREAD, words.resizes,
         (unsigned long long)s.commits, (unsigned long long)aborts);
  int ok = total == (long)threads * WORDS_PER_THREAD &&
           distinct == words.used;
  printf("%s\n", ok ? "OK: every word counted once, table consistent"
                    : "FAILED: the table lost or duplicated words");

  for (size_t b = 0; b < words.size; b++)
    while (words.buckets[b]) {
      struct entry *e = words.buckets[b];
      words.buckets[b] = e->next;
      free(e);
    }
  free(words.buckets);
  return !ok;
}
