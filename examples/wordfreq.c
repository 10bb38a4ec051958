/*===- wordfreq.c - AME example: word frequencies with ame_parallel_for ----===
 *
 * Counts the words of a generated text (a Zipf-like mix of a few thousand
 * words) into one shared open-addressing hash map. Each iteration of
 * ame_parallel_for takes one chunk of the text and is one atomic block: it
 * copies its chunk to the stack, counts it in a table of its own (stack
 * memory, no barriers), then adds each of its words to the shared map. No
 * thread or lock in sight, yet the counts are exact; with AME_ORDERED even
 * the slot of every word in the map is the sequential loop's. Prints the top
 * words, checks the counts against a sequential run of the same loop body,
 * and the speedup over it.
 *
 *   build/bin/ame-cc -O2 examples/wordfreq.c -o wordfreq
 *   ./wordfreq [workers] [megabytes]      # defaults: online cores, 16
 *===----------------------------------------------------------------------===*/
#include <ame.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Large chunks: the shared map is touched once per distinct word of a
 * chunk, and distinct words grow much more slowly than the chunk, so most of
 * the work stays on the iteration's own stack (about 450 KB of it). */
enum {
  CHUNK = 262144,  /* bytes of text per iteration        */
  MAX_WORD = 23,   /* longer words are cut               */
  LOCAL = 8192,    /* slots of an iteration's own table  */
  SHARED = 1 << 16 /* slots of the shared map            */
};

struct slot {
  uint64_t hash; /* 0: empty */
  uint32_t count;
  uint32_t at; /* the word: buf[at], buf[at + 1], ... */
  uint32_t len;
};

/* The shared map: keys, and apart from them the counts, in STRIPES arrays:
 * chunk i adds to stripe i % STRIPES. Every chunk adds to the frequent
 * words, so with one array any two chunks running side by side would
 * conflict; chunks that run side by side have nearby indices, so they add
 * to different lines. A word's count is the sum of its stripes. */
struct key {
  uint64_t hash; /* 0: empty */
  char word[MAX_WORD + 1];
};
enum { STRIPES = 8 };

/* Conflicts are detected per 64-byte line: the text's pointer and length,
 * read by every chunk, must not share a line with the counts. */
static _Alignas(64) char *text;
static size_t text_len;
static _Alignas(64) struct key keys[SHARED];
static _Alignas(64) long stripes[STRIPES][SHARED];

static uint64_t hash_word(const char *w, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)w[i]) * 1099511628211ull;
  return h | 1;
}

/* One chunk: [i * CHUNK, (i + 1) * CHUNK), extended to whole words. */
static void count_chunk(size_t i, void *ctx) {
  (void)ctx;
  size_t lo = i * CHUNK, hi = lo + CHUNK;
  if (hi > text_len)
    hi = text_len;
  /* The chunk owns the words that start in it. */
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
    uint64_t h = hash_word(buf + s, len);
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

static void make_text(size_t bytes) {
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
  text = malloc(bytes + 16);
  size_t p = 0;
  while (p < bytes) {
    r ^= r << 13, r ^= r >> 7, r ^= r << 17;
    /* Zipf-like: small indices (frequent words) much more likely. */
    double u = (double)(r >> 11) / (double)(1ull << 53);
    int w = (int)(VOCAB * u * u * u);
    size_t len = strlen(words[w]);
    memcpy(text + p, words[w], len);
    p += len;
    text[p++] = ' ';
  }
  text_len = p;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The counts, in slot order: equal maps give equal strings. */
static long count_of(size_t m) {
  long n = 0;
  for (int s = 0; s < STRIPES; s++)
    n += stripes[s][m];
  return n;
}

static uint64_t digest(int with_slots) {
  uint64_t d = 0;
  for (size_t m = 0; m < SHARED; m++)
    if (keys[m].hash)
      d += (keys[m].hash * 31 + (uint64_t)count_of(m)) *
           (with_slots ? m + 1 : 1);
  return d;
}

static double run(int how, size_t chunks) {
  memset(keys, 0, sizeof keys);
  memset(stripes, 0, sizeof stripes);
  double t = now();
  if (how < 0)
    for (size_t i = 0; i < chunks; i++)
      count_chunk(i, NULL);
  else
    ame_parallel_for(0, chunks, count_chunk, NULL, (unsigned)how);
  return now() - t;
}

int main(int argc, char **argv) {
  if (argc > 1)
    ame_set_workers((unsigned)atoi(argv[1]));
  size_t mb = argc > 2 ? (size_t)atol(argv[2]) : 16;
  make_text(mb << 20);
  size_t chunks = (text_len + CHUNK - 1) / CHUNK;

  double seq = run(-1, chunks);
  uint64_t want = digest(0), want_slots = digest(1);
  long total = 0, distinct = 0;
  size_t top = 0;
  for (size_t m = 0; m < SHARED; m++)
    if (keys[m].hash) {
      total += count_of(m);
      distinct++;
      if (count_of(m) > count_of(top))
        top = m;
    }
  printf("%zu MB, %ld words, %ld distinct; most frequent: \"%s\" x %ld\n", mb,
         total, distinct, keys[top].word, count_of(top));

  double par = run(0, chunks);
  int same = digest(0) == want;
  double ord = run(AME_ORDERED, chunks);
  int same_ord = digest(1) == want_slots;
  printf("sequential loop      %7.1f ms\n", seq * 1e3);
  printf("%u workers, unordered %7.1f ms  speedup %.2fx  counts %s\n",
         ame_workers(), par * 1e3, seq / par, same ? "exact" : "WRONG");
  printf("%u workers, ordered   %7.1f ms  speedup %.2fx  map %s\n",
         ame_workers(), ord * 1e3, seq / ord,
         same_ord ? "identical to sequential" : "DIFFERS");
  return !(same && same_ord);
}
