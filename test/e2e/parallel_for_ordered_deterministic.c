// Under AME_ORDERED, loop bodies with heavy random conflicts (shared counters read and overwritten, a shared list appended to, output printed by ame_on_commit) leave byte-identical state and output to the sequential loop, on 1, 2 and 4 workers, for every seed.
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 40 | FileCheck %s
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 8 | FileCheck %s
//
// CHECK: workers 1: {{[0-9]+}} seeds identical, 0 differ
// CHECK-NEXT: workers 2: {{[0-9]+}} seeds identical, 0 differ
// CHECK-NEXT: workers 4: {{[0-9]+}} seeds identical, 0 differ
// CHECK-NEXT: PASS

#include <ame.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ITERS = 300, COUNTERS = 6 };

struct node {
  struct node *next;
  uint64_t value;
};

/* Shared state every iteration may read and write. */
static uint64_t counters[COUNTERS];
static struct node *list;
static size_t list_len;

/* The program's output, appended to by commit actions only. */
static char out[1 << 16];
static size_t out_len;

static uint64_t seed;

static uint64_t mix(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ull;
  x ^= x >> 27;
  x *= 0x81dadef4bc2dd44dull;
  return x ^ (x >> 33);
}

struct line {
  size_t i;
  uint64_t v;
};

/* Formatted after the commit: inside the block snprintf would be serial. */
static void print_line(void *arg) {
  struct line *l = arg;
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%zu:%llx\n", l->i, (unsigned long long)l->v);
  if (out_len + (size_t)n < sizeof out) {
    memcpy(out + out_len, buf, (size_t)n);
    out_len += (size_t)n;
  }
  free(l);
}

/* Order-sensitive: each step reads what earlier iterations wrote. */
static void body(size_t i, void *ctx) {
  (void)ctx;
  uint64_t r = mix(seed * 1000003u + i);
  unsigned a = r % COUNTERS, b = (r >> 8) % COUNTERS;
  uint64_t seen = counters[a];
  /* Uneven work, so that workers finish out of order. */
  volatile uint64_t spin = 0;
  for (unsigned k = 0; k < ((r >> 16) & 1023); k++)
    spin += k;
  counters[b] = counters[b] * 31 + seen + i;
  if ((r >> 40) & 1) {
    struct node *n = malloc(sizeof *n);
    n->value = seen ^ counters[b];
    n->next = list;
    list = n;
    list_len++;
  }
  if ((r >> 41) & 1) {
    struct line *l = malloc(sizeof *l);
    l->i = i;
    l->v = counters[b];
    ame_on_commit(print_line, l);
  }
}

static void reset(void) {
  memset(counters, 0, sizeof counters);
  while (list) {
    struct node *n = list->next;
    free(list);
    list = n;
  }
  list_len = 0;
  out_len = 0;
}

/* The final state and output, as one string. */
static char *snapshot(void) {
  size_t cap = out_len + 64 * (list_len + COUNTERS) + 64;
  char *s = malloc(cap), *p = s;
  p += sprintf(p, "len %zu\n", list_len);
  for (int c = 0; c < COUNTERS; c++)
    p += sprintf(p, "c%d %llx\n", c, (unsigned long long)counters[c]);
  for (struct node *n = list; n; n = n->next)
    p += sprintf(p, "%llx\n", (unsigned long long)n->value);
  memcpy(p, out, out_len);
  p[out_len] = 0;
  return s;
}

int main(int argc, char **argv) {
  int seeds = argc > 1 ? atoi(argv[1]) : 10;
  int ok = 1;
  for (unsigned w = 1; w <= 4; w *= 2) {
    int same = 0, differ = 0;
    ame_set_workers(w);
    for (seed = 1; seed <= (uint64_t)seeds; seed++) {
      reset();
      for (size_t i = 0; i < ITERS; i++)
        body(i, NULL);
      char *want = snapshot();
      reset();
      ame_parallel_for(0, ITERS, body, NULL, AME_ORDERED);
      char *got = snapshot();
      if (strcmp(want, got) == 0)
        same++;
      else
        differ++;
      free(want);
      free(got);
    }
    printf("workers %u: %d seeds identical, %d differ\n", w, same, differ);
    ok &= differ == 0;
  }
  puts(ok ? "PASS" : "FAIL");
  return !ok;
}
