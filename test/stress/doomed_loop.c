// Doomed transactions end: a loop on data privatized under it does not spin.
//
// A reader transaction takes a node from a slot and then loops while two of
// its fields are equal, which no committed state allows (a != b). Meanwhile a
// privatizer unlinks the node in a transaction and, outside transactions, sets
// a == b. The reader is doomed (the slot it read has changed), but the new
// values carry no new version, so only revalidation while it keeps reading can
// end the loop: it must abort and, on retry, find the slot empty. Run with the
// two fields on one line and on different lines.
//
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t apart | FileCheck %s
// RUN: %t same | FileCheck %s
// CHECK: doomed loop: ended after {{[0-9]+}} iterations, reader retried

#include "Inputs/stress.h"

#include <string.h>
#include <unistd.h>

struct node {
  uint64_t a;
  uint64_t b_same; /* same line as a */
  uint64_t pad[6];
  uint64_t b_apart; /* next line */
};

static _Alignas(64) struct node node = {1, 2, {0}, 2};
static _Alignas(64) struct node *slot = &node;
static atomic_int reader_has_node, privatized, reader_done;
static int apart;

struct job {
  int attempts;
  uint64_t iterations;
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
  uint64_t *b = apart ? &p->b_apart : &p->b_same;
  j->iterations = 0;
  while (LD(tx, &p->a) == LD(tx, b))
    ++j->iterations;
  return 0;
}

static void *reader(void *arg) {
  STRESS_RUN(reader_body, arg);
  atomic_store(&reader_done, 1);
  return NULL;
}

static uint32_t privatize_body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  (void)LD(tx, &slot);
  ST(tx, &slot, 0);
  return 0;
}

int main(int argc, char **argv) {
  STRESS_CHECK(argc == 2, "usage: doomed_loop same|apart");
  apart = strcmp(argv[1], "apart") == 0;
  struct job j = {0, 0};
  pthread_t t;
  pthread_create(&t, NULL, reader, &j);
  while (!atomic_load(&reader_has_node))
    sched_yield();
  STRESS_RUN(privatize_body, NULL);
  node.a = 7; /* private now: plain stores, breaking a != b */
  node.b_same = 7;
  node.b_apart = 7;
  atomic_store(&privatized, 1);
  for (int i = 0; i < 200 && !atomic_load(&reader_done); ++i)
    usleep(50000);
  STRESS_CHECK(atomic_load(&reader_done),
               "the doomed reader (fields %s) still loops after 10 s",
               apart ? "on different lines" : "on one line");
  pthread_join(t, NULL);
  STRESS_CHECK(j.attempts == 2, "reader took %d attempts, expected 2",
               j.attempts);
  printf("doomed loop: ended after %llu iterations, reader retried\n",
         (unsigned long long)j.iterations);
  return 0;
}
