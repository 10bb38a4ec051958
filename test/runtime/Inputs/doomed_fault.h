/*===- doomed_fault.h - An attempt that faults because it is doomed -------===
 *
 * The reader's first attempt reads `head`, then waits while another thread
 * privatizes the node in a transaction and unmaps it outside transactions;
 * its next read dereferences the unmapped node. The sandbox must abort that
 * attempt (it is invalid) and the retry reads head == NULL.
 *   uint64_t v; run_doomed_reader(&v);   // then doomed_attempts == 2, v == 0
 *===----------------------------------------------------------------------===*/
#ifndef AME_TEST_RUNTIME_DOOMED_FAULT_H
#define AME_TEST_RUNTIME_DOOMED_FAULT_H

#include <ame/abi.h>
#include <pthread.h>
#include <sys/mman.h>

struct doomed_node {
  uint64_t value;
};
static _Alignas(64) struct doomed_node *doomed_head;
static volatile int doomed_head_read, doomed_node_unmapped;
static int doomed_attempts;

static uint32_t doomed_privatize(struct __ame_tx *tx, void *ctx) {
  *(struct doomed_node **)ctx =
      (struct doomed_node *)__ame_load_8(tx, &doomed_head, NULL);
  __ame_store_8(tx, &doomed_head, 0, NULL);
  return 0;
}

static void *doomed_privatizer(void *arg) {
  (void)arg;
  while (!doomed_head_read)
    ;
  struct doomed_node *n;
  __ame_run(NULL, (void *)doomed_privatize, &n);
  munmap(n, 4096); // the node is private now: plain code frees it
  doomed_node_unmapped = 1;
  return NULL;
}

static uint32_t doomed_reader(struct __ame_tx *tx, void *ctx) {
  doomed_attempts++;
  struct doomed_node *n = (struct doomed_node *)__ame_load_8(tx, &doomed_head, NULL);
  if (doomed_attempts == 1) {
    doomed_head_read = 1;
    while (!doomed_node_unmapped)
      ;
  }
  // Faults when doomed.
  *(uint64_t *)ctx = n ? __ame_load_8(tx, &n->value, NULL) : 0;
  return 0;
}

/* Runs the reader as a block beside the privatizer; *v is what it read. */
static void run_doomed_reader(uint64_t *v) {
  doomed_head = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  doomed_head->value = 42;
  pthread_t t;
  pthread_create(&t, NULL, doomed_privatizer, NULL);
  __ame_run(NULL, (void *)doomed_reader, v);
  pthread_join(t, NULL);
}

#endif
