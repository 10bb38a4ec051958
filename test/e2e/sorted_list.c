// A sorted linked list whose inserts malloc and whose removes free inside atomic blocks stays sorted and acyclic, and its size is the net number of successful inserts minus removes.
// RUN: %ame_cc -O0 %s -o %t.O0
// RUN: %t.O0 2 | FileCheck %s
// RUN: %t.O0 4 | FileCheck %s
// RUN: %ame_cc -O2 %s -o %t.O2
// RUN: %t.O2 2 | FileCheck %s
// RUN: %t.O2 4 | FileCheck %s
//
// CHECK: inside: 0 broken walks
// CHECK-NEXT: final: sorted, acyclic
// CHECK-NEXT: size = initial + inserts - removes
// CHECK-NEXT: size counter matches
// CHECK-NEXT: PASS

#include <ame.h>

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_barrier_t start_line; /* all threads start together */

enum { KEYS = 256, OPS = 10000, WALK_EVERY = 50 };

struct node {
  int key;
  struct node *next;
};

static struct node head = {INT_MIN, NULL};
static long size; /* maintained inside the transactions */

/* The last node with a key < key (head when none). */
static struct node *find_prev(int key) {
  struct node *prev = &head;
  while (prev->next && prev->next->key < key)
    prev = prev->next;
  return prev;
}

static struct node *new_node(int key, struct node *next) {
  struct node *n = malloc(sizeof *n);
  if (!n)
    abort();
  n->key = key;
  n->next = next;
  return n;
}

/* Inserts key; 0 if it was there already. Called inside a block. */
static int insert(int key) {
  struct node *prev = find_prev(key);
  if (prev->next && prev->next->key == key)
    return 0;
  prev->next = new_node(key, prev->next);
  size++;
  return 1;
}

/* Checks order and length; 1 if the list is broken. */
static int walk_is_broken(long *length) {
  long n = 0;
  int last = INT_MIN;
  for (struct node *p = head.next; p; p = p->next) {
    if (p->key <= last || ++n > KEYS)
      return 1;
    last = p->key;
  }
  *length = n;
  return 0;
}

struct worker {
  pthread_t thread;
  uint64_t rng;
  long inserts, removes, walks, broken;
};

static void *work(void *arg) {
  struct worker *w = arg;
  pthread_barrier_wait(&start_line);
  for (int op = 0; op < OPS; op++) {
    uint64_t x = w->rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    w->rng = x;
    int key = (int)(x % KEYS);
    if (op % WALK_EVERY == 0) {
      int broken;
      long length = 0, counted = 0;
      ame_atomic {
        broken = walk_is_broken(&length);
        counted = size;
      }
      w->walks++;
      w->broken += broken || length != counted;
    } else if ((x >> 32) & 1) {
      int done;
      ame_atomic { done = insert(key); }
      w->inserts += done;
    } else {
      int done = 0;
      ame_atomic {
        /* remove, written out in the block itself */
        struct node *prev = find_prev(key);
        struct node *victim = prev->next;
        if (victim && victim->key == key) {
          prev->next = victim->next;
          free(victim);
          size--;
          done = 1;
        }
      }
      w->removes += done;
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 4;
  if (threads < 1 || threads > 64)
    return 2;
  long initial = 0;
  for (int k = 0; k < KEYS; k += 2)
    initial += insert(k);

  struct worker w[64] = {{0}};
  pthread_barrier_init(&start_line, NULL, (unsigned)threads);
  for (int t = 0; t < threads; t++) {
    w[t].rng = 0x9E3779B97F4A7C15ull * (uint64_t)(t + 1);
    if (pthread_create(&w[t].thread, NULL, work, &w[t]))
      return 2;
  }
  long inserts = 0, removes = 0, broken = 0;
  for (int t = 0; t < threads; t++) {
    pthread_join(w[t].thread, NULL);
    inserts += w[t].inserts;
    removes += w[t].removes;
    broken += w[t].broken;
  }

  long length = 0;
  int bad_shape = walk_is_broken(&length);
  int size_ok = !bad_shape && length == initial + inserts - removes;
  printf("inside: %ld broken walks\n", broken);
  printf("final: %s\n", bad_shape ? "BROKEN" : "sorted, acyclic");
  printf("size %s initial + inserts - removes\n", size_ok ? "=" : "!=");
  printf("size counter %s\n", size == length ? "matches" : "DIFFERS");
  fprintf(stderr, "%d threads: %ld inserts, %ld removes, final size %ld\n",
          threads, inserts, removes, length);
  int ok = broken == 0 && !bad_shape && size_ok && size == length;
  printf("%s\n", ok ? "PASS" : "FAIL");

  while (head.next) {
    struct node *n = head.next;
    head.next = n->next;
    free(n);
  }
  return !ok;
}
