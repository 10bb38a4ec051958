// A doomed transaction that dereferences memory another thread privatized and unmapped outside transactions is aborted and retried, not crashed.
// RUN: %clang %rt_cflags %s -o %t %rt_lib && %t | FileCheck %s
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>

struct node {
  uint64_t value;
};
static _Alignas(64) struct node *head;
static volatile int read_head, unmapped;
static int attempts;

static uint32_t privatize(struct __ame_tx *tx, void *ctx) {
  *(struct node **)ctx = (struct node *)__ame_load_8(tx, &head);
  __ame_store_8(tx, &head, 0);
  return 0;
}

static void *privatizer(void *arg) {
  (void)arg;
  while (!read_head)
    ;
  struct node *n;
  __ame_run(NULL, (void *)privatize, &n);
  munmap(n, 4096); // the node is private now: plain code frees it
  unmapped = 1;
  return NULL;
}

static uint32_t reader(struct __ame_tx *tx, void *ctx) {
  attempts++;
  struct node *n = (struct node *)__ame_load_8(tx, &head);
  if (attempts == 1) {
    read_head = 1;
    while (!unmapped)
      ;
  }
  *(uint64_t *)ctx = n ? __ame_load_8(tx, &n->value) : 0; // faults when doomed
  return 0;
}

int main(void) {
  head = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
              -1, 0);
  head->value = 42;
  pthread_t t;
  pthread_create(&t, NULL, privatizer, NULL);
  uint64_t v;
  __ame_run(NULL, (void *)reader, &v);
  pthread_join(t, NULL);
  struct ame_stats s;
  ame_stats_thread(&s);
  printf("attempts %d, value %llu, fault aborts %llu\n", attempts,
         (unsigned long long)v, (unsigned long long)s.aborts[AME_ABORT_FAULT]);
  return 0;
}
// CHECK: attempts 2, value 0, fault aborts 1
