// Blocks that keep what they allocate in a local array and read it back through the array run those reads plainly (docs/pass.md, "Memory accesses": blocks read back from a local) and still see their own writes: on 2 threads, each block takes 4 values from a shared counter into 4 nodes it allocates, reads them back through the array to sum them and to push them on a shared stack, and a block that runs again after an abort starts from new nodes. At the end the stack holds every value once and every block's sum matched its values.
// RUN: %ame_cc -O2 -Rpass-analysis=ame -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %ame_cc -O2 %s -o %t
// RUN: %t 2 | FileCheck %s
// REMARK: own_allocation_read_back.c:[[#@LINE+36]]:{{[0-9]+}}: remark: load from memory this transaction allocated, through a pointer read back from a local that holds only such blocks
// CHECK: sums right: yes
// CHECK-NEXT: stack: 80000 nodes, each value once: yes
#include <ame.h>

#include <stdlib.h>

#include "Inputs/threads.h"

enum { MAX_PER_BLOCK = 8, BLOCKS = 10000 };

static int per_block; // 4, set at run time: the loops and the array stay

struct node {
  long val;
  struct node *next;
};

static long counter;
static struct node *stack;

static void *work(void *arg) {
  (void)arg;
  long bad = 0;
  pthread_barrier_wait(&start_line);
  for (int k = 0; k < BLOCKS; k++) {
    long first, sum;
    ame_atomic {
      struct node *fresh[MAX_PER_BLOCK];
      first = counter;
      for (int i = 0; i < per_block; i++) {
        fresh[i] = malloc(sizeof(struct node));
        fresh[i]->val = counter++;
      }
      sum = 0;
      for (int i = 0; i < per_block; i++) {
        sum += fresh[i]->val;
        fresh[i]->next = stack;
        stack = fresh[i];
      }
    }
    bad += sum != per_block * first + per_block * (per_block - 1) / 2;
  }
  return (void *)bad;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  if (!n)
    return 2;
  per_block = argc > 2 ? atoi(argv[2]) : 4;
  if (per_block < 1 || per_block > MAX_PER_BLOCK)
    return 2;
  long bad = e2e_run(n, work);
  printf("sums right: %s\n", bad ? "no" : "yes");
  long total = (long)n * BLOCKS * per_block, count = 0;
  char *seen = calloc((size_t)total, 1);
  int once = seen != NULL;
  for (struct node *p = stack; p && once; p = p->next, count++) {
    if (p->val < 0 || p->val >= total || seen[p->val])
      once = 0;
    else
      seen[p->val] = 1;
  }
  printf("stack: %ld nodes, each value once: %s\n", count,
         once && count == total ? "yes" : "no");
  return bad != 0;
}
