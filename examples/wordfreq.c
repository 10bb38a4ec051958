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

#include "wordfreq_kernel.h"

static void count_chunk(size_t i, void *ctx) {
  (void)ctx;
  count_words(i);
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
  make_text(malloc((mb << 20) + 16), mb << 20);
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
