// Task queues: every task runs once as an atomic block, tasks added by tasks run after their parent commits; with AME_ORDERED state and output are byte-identical to the sequential FIFO at 1, 2 and 4 workers; a queue run inside a block runs there.
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 20 | FileCheck %s
//
// CHECK: unordered: 1 workers: all tasks ran once, sums exact
// CHECK-NEXT: unordered: 2 workers: all tasks ran once, sums exact
// CHECK-NEXT: unordered: 4 workers: all tasks ran once, sums exact
// CHECK-NEXT: ordered: 1 workers: {{[0-9]+}} seeds identical, 0 differ
// CHECK-NEXT: ordered: 2 workers: {{[0-9]+}} seeds identical, 0 differ
// CHECK-NEXT: ordered: 4 workers: {{[0-9]+}} seeds identical, 0 differ
// CHECK-NEXT: inside a block: all tasks ran once
// CHECK-NEXT: PASS

#include <ame.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COUNTERS = 5, MAX_TASKS = 600 };

static struct ame_queue *q;
static uint64_t seed;
static uint64_t counters[COUNTERS];
static long tasks_run;
static unsigned char ran[MAX_TASKS];

/* The sequential reference: the same tasks on a plain FIFO. */
static int reference;
static struct {
  void (*fn)(void *);
  void *arg;
} fifo[MAX_TASKS];
static size_t fifo_head, fifo_tail;

static char out[1 << 16];
static size_t out_len;

static uint64_t mix(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ull;
  x ^= x >> 27;
  x *= 0x81dadef4bc2dd44dull;
  return x ^ (x >> 33);
}

static void add(void (*fn)(void *), uintptr_t arg) {
  if (reference) {
    fifo[fifo_tail].fn = fn;
    fifo[fifo_tail++].arg = (void *)arg;
  } else {
    ame_queue_add(q, fn, (void *)arg);
  }
}

static void print(void *arg) {
  out_len += (size_t)snprintf(out + out_len, sizeof out - out_len, "%llx\n",
                              (unsigned long long)(uintptr_t)arg);
}

/* Task k (a node of a tree numbered like a heap) reads and overwrites
 * shared counters, prints, and adds its children. */
static void task(void *arg) {
  uintptr_t k = (uintptr_t)arg;
  uint64_t r = mix(seed * 7919 + k);
  unsigned a = r % COUNTERS, b = (r >> 8) % COUNTERS;
  counters[b] = counters[b] * 33 + counters[a] + k;
  tasks_run++;
  ran[k]++;
  if ((r >> 20) & 1)
    ame_on_commit(print, (void *)(uintptr_t)(counters[b] & 0xffffff));
  for (uintptr_t c = 2 * k + 1; c <= 2 * k + 2; c++)
    if (c < MAX_TASKS && ((r >> (30 + c % 2)) & 3))
      add(task, c);
}

static void reset(void) {
  memset(counters, 0, sizeof counters);
  memset(ran, 0, sizeof ran);
  tasks_run = 0;
  out_len = 0;
}

static char *snapshot(void) {
  char *s = malloc(out_len + 64 * COUNTERS + 64), *p = s;
  p += sprintf(p, "tasks %ld\n", tasks_run);
  for (int c = 0; c < COUNTERS; c++)
    p += sprintf(p, "%llx\n", (unsigned long long)counters[c]);
  memcpy(p, out, out_len);
  p[out_len] = 0;
  return s;
}

static long sum;
static void count(void *arg) {
  uintptr_t k = (uintptr_t)arg;
  sum += (long)k;
  tasks_run++;
  ran[k]++;
  if (2 * k + 2 < MAX_TASKS) {
    ame_queue_add(q, count, (void *)(2 * k + 1));
    ame_queue_add(q, count, (void *)(2 * k + 2));
  }
}

static int all_once(void) {
  for (int k = 0; k < MAX_TASKS - 1; k++)
    if (ran[k] != 1)
      return 0;
  return 1;
}

int main(int argc, char **argv) {
  int seeds = argc > 1 ? atoi(argv[1]) : 10, ok = 1;
  for (unsigned w = 1; w <= 4; w *= 2) {
    ame_set_workers(w);
    reset();
    sum = 0;
    q = ame_queue_new(0);
    ame_queue_add(q, count, (void *)0);
    ame_queue_run(q);
    ame_queue_free(q);
    int good = all_once() && sum == (long)(MAX_TASKS - 1) * (MAX_TASKS - 2) / 2;
    printf("unordered: %u workers: %s\n", w,
           good ? "all tasks ran once, sums exact" : "WRONG");
    ok &= good;
  }
  for (unsigned w = 1; w <= 4; w *= 2) {
    ame_set_workers(w);
    int same = 0, differ = 0;
    for (seed = 1; seed <= (uint64_t)seeds; seed++) {
      reset();
      reference = 1;
      fifo_head = fifo_tail = 0;
      add(task, 0);
      while (fifo_head < fifo_tail) {
        size_t h = fifo_head++;
        fifo[h].fn(fifo[h].arg);
      }
      char *want = snapshot();
      reset();
      reference = 0;
      q = ame_queue_new(AME_ORDERED);
      add(task, 0);
      ame_queue_run(q);
      ame_queue_free(q);
      char *got = snapshot();
      if (strcmp(want, got))
        differ++;
      else
        same++;
      free(want);
      free(got);
    }
    printf("ordered: %u workers: %d seeds identical, %d differ\n", w, same,
           differ);
    ok &= differ == 0;
  }
  reset();
  sum = 0;
  q = ame_queue_new(0);
  ame_queue_add(q, count, (void *)0);
  ame_atomic { ame_queue_run(q); }
  ame_queue_free(q);
  int good = all_once() && sum == (long)(MAX_TASKS - 1) * (MAX_TASKS - 2) / 2;
  printf("inside a block: %s\n", good ? "all tasks ran once" : "WRONG");
  ok &= good;
  puts(ok ? "PASS" : "FAIL");
  return !ok;
}
