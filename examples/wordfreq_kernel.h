/*===- wordfreq_kernel.h - The word-frequency loop's iteration -------------===
 *
 * Shared by examples/wordfreq.c and bench/parloop.c, which time the same
 * loop with AME and with other synchronization. WORDFREQ_FN marks the
 * functions an iteration calls (bench/parloop.c makes them
 * transaction_safe for gcc -fgnu-tm); it is empty by default.
 *
 *   #include "wordfreq_kernel.h"
 *   make_text(malloc(n + 16), n); count_words(i);
 *===----------------------------------------------------------------------===*/
#ifndef AME_EXAMPLES_WORDFREQ_KERNEL_H
#define AME_EXAMPLES_WORDFREQ_KERNEL_H

#include <stdint.h>
#include <string.h>

#ifndef WORDFREQ_FN
#define WORDFREQ_FN
#endif

/* Large chunks: the shared map is touched once per distinct word of a
 * chunk, and distinct words grow much more slowly than the chunk, so most of
 * the work stays on the iteration's own stack (about 450 KB of it).
 *
 * The iteration's own table has the shared map's size, so a word has the same
 * home slot in both: adding the table to the map in slot order walks the map
 * forward, touching each line of it once, next to the line touched before.
 * The map is sized for the text's vocabulary (a few thousand words) at about
 * half full: the lines a chunk adds to are few, dense and in order, which is
 * what the hardware prefetcher and, in an atomic block, the per-line cost of
 * taking a line for writing want. */
enum {
  CHUNK = 262144, /* bytes of text per iteration        */
  MAX_WORD = 23,  /* longer words are cut               */
  LOCAL = 8192,   /* slots of an iteration's own table  */
  SHARED = LOCAL  /* slots of the shared map            */
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
 * to different lines. A word's count is the sum of its stripes, each a
 * 32-bit count like the iteration's own (16 to a line: a chunk updates
 * half as many lines as with 64-bit ones). */
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
static _Alignas(64) uint32_t stripes[STRIPES][SHARED];

WORDFREQ_FN static uint64_t hash_word(const char *w, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)w[i]) * 1099511628211ull;
  return h | 1;
}

/* One chunk: [i * CHUNK, (i + 1) * CHUNK), extended to whole words. */
WORDFREQ_FN static void count_words(size_t i) {
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

  uint32_t *stripe = stripes[i % STRIPES];
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

/* Text of about `bytes` bytes into dst (room for bytes + 16). */
static void make_text(char *dst, size_t bytes) {
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
  text = dst;
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

#endif
