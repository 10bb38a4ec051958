// Sandboxing: a doomed transaction that faults on privatized memory retries.
//
// A reader transaction takes a node from a slot and waits. A privatizer
// unlinks the node in a transaction and then, outside transactions, either
// unmaps the node's page ("unmap") or points the node's next field at unmapped
// memory ("pointer"). The reader then reads through the node and faults. It is
// doomed (the slot it read has changed), so the runtime's fault handler must
// abort the attempt instead of crashing; the retry finds the slot empty. Stats
// must count exactly one fault abort.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t unmap | FileCheck %s
// RUN: %t pointer | FileCheck %s
// CHECK: doomed fault: sandboxed, 1 fault abort, reader retried

#include "Inputs/stress.h"

#include <string.h>
#include <sys/mman.h>

struct node {
  struct node *next;
  uint64_t value;
};

static _Alignas(64) struct node *slot;
static atomic_int reader_has_node, privatized;

struct job {
  int attempts;
  uint64_t value;
};

static uint32_t reader_body(struct __ame_tx *tx, void *ctx) {
  struct job *j = ctx;
  ++j->attempts;
  struct node *p = LDP(tx, &slot);
  if (!p)
    return 0;
  atomic_store(&reader_has_node, 1);
  while (!atomic_load(&privatized))
    sched_yield();
  struct node *q = LDP(tx, &p->next); /* faults if the page is gone */
  j->value = LD(tx, &q->value);       /* faults if next is garbage */
  return 0;
}

static void *reader(void *arg) {
  STRESS_RUN(reader_body, arg);
  return NULL;
}

static uint32_t privatize_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  (void)LD(tx, &slot);
  ST(tx, &slot, 0);
  return 0;
}

int main(int argc, char **argv) {
  STRESS_CHECK(argc == 2, "usage: doomed_fault unmap|pointer");
  int unmap = strcmp(argv[1], "unmap") == 0;
  struct node *n = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  STRESS_CHECK(n != MAP_FAILED, "mmap");
  n->next = n;
  n->value = 42;
  slot = n;

  struct job j = {0, 0};
  pthread_t t;
  pthread_create(&t, NULL, reader, &j);
  while (!atomic_load(&reader_has_node))
    sched_yield();
  STRESS_RUN(privatize_body, NULL);
  if (unmap)
    munmap(n, 4096);
  else
    n->next = (struct node *)(uintptr_t)0x10; /* private now: plain store */
  atomic_store(&privatized, 1);
  pthread_join(t, NULL);

  struct ame_stats s;
  ame_stats_total(&s);
  STRESS_CHECK(j.attempts == 2, "reader took %d attempts, expected 2",
               j.attempts);
  STRESS_CHECK(s.aborts[AME_ABORT_FAULT] == 1,
               "stats count %llu fault aborts, expected 1",
               (unsigned long long)s.aborts[AME_ABORT_FAULT]);
  printf("doomed fault: sandboxed, 1 fault abort, reader retried\n");
  return 0;
}
