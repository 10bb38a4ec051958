// An older transaction waiting for a line stops waiting once the holder's block has ended, even when the holder's next block took the line again before the waiter looked: the lock word names the holder's write-log entry, which the next block reuses, so the word looks unchanged. The waiter aborts and waits anew for the new block (so its abort count is 1); before, it took the new block for the old one and never noticed. The waiter is held in a signal handler while the holder commits one block and locks the line in the next, so it cannot see the moment between them.
// RUN: %clang %rt_cflags %s -o %t %rt_lib -ldl && %t | FileCheck %s
// CHECK: holder's second block locked the same lock word: 1
// CHECK-NEXT: reader aborts: 1 (read conflicts: 1), saw 2
#define _GNU_SOURCE
#include <ame.h>
#include <ame/abi.h>
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "Inputs/spin.h"

static _Alignas(64) uint64_t x;
static pthread_t reader_thread;
static int locked, reader_started, in_handler, released;
static uint64_t first_word, second_word;
static uint64_t seen;

static uint64_t lock_word(const void *a) {
  return *(const volatile uint64_t *)(uintptr_t)(AME_SHADOW_BASE +
                                                 (((uintptr_t)a >>
                                                   AME_SHADOW_SHIFT) &
                                                  AME_SHADOW_MASK));
}

// The kernel runs it at once: libame defers the handlers the program
// installs with sigaction until the block ends, so this one is installed
// with the C library's own sigaction.
static void hold_reader(int sig) {
  (void)sig;
  __atomic_store_n(&in_handler, 1, __ATOMIC_SEQ_CST);
  while (!__atomic_load_n(&released, __ATOMIC_SEQ_CST))
    ;
}

// Block 1 holds x's line until 20 ms after the reader's attempt began (far
// longer than the short spin after which the reader, which meets it first
// and so is the older, waits for it), then stops the reader where it waits
// and commits. Block 2 locks the line, lets the reader go on and holds the
// line 50 ms more.
static uint32_t holder(struct __ame_tx *tx, void *ctx) {
  long block = (long)ctx;
  __ame_store_8(tx, &x, (uint64_t)block, NULL);
  if (block == 1) {
    first_word = lock_word(&x);
    __atomic_store_n(&locked, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&reader_started, __ATOMIC_SEQ_CST))
      ;
    spin_for(0.02);
    pthread_kill(reader_thread, SIGUSR1);
    while (!__atomic_load_n(&in_handler, __ATOMIC_SEQ_CST))
      ;
    return 0;
  }
  second_word = lock_word(&x);
  __atomic_store_n(&released, 1, __ATOMIC_SEQ_CST);
  spin_for(0.05);
  return 0;
}

static void *holder_thread(void *p) {
  (void)p;
  __ame_run(NULL, (void *)holder, (void *)1);
  __ame_run(NULL, (void *)holder, (void *)2);
  return NULL;
}

static uint32_t reader(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __atomic_store_n(&reader_started, 1, __ATOMIC_SEQ_CST);
  seen = __ame_load_8(tx, &x, NULL);
  return 0;
}

int main(void) {
  alarm(60);
  int (*libc_sigaction)(int, const struct sigaction *, struct sigaction *) =
      (int (*)(int, const struct sigaction *, struct sigaction *))dlsym(
          RTLD_NEXT, "sigaction");
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = hold_reader;
  if (!libc_sigaction || libc_sigaction(SIGUSR1, &sa, NULL)) {
    fprintf(stderr, "cannot install the handler\n");
    return 1;
  }
  reader_thread = pthread_self();
  pthread_t t;
  pthread_create(&t, NULL, holder_thread, NULL);
  while (!__atomic_load_n(&locked, __ATOMIC_SEQ_CST))
    ;
  __ame_run(NULL, (void *)reader, NULL);
  pthread_join(t, NULL);
  struct ame_stats s;
  ame_stats_thread(&s);
  uint64_t aborts = 0;
  for (int c = 0; c < AME_ABORT_CAUSE_COUNT; c++)
    aborts += s.aborts[c];
  printf("holder's second block locked the same lock word: %d\n",
         first_word == second_word);
  printf("reader aborts: %llu (read conflicts: %llu), saw %llu\n",
         (unsigned long long)aborts,
         (unsigned long long)s.aborts[AME_ABORT_READ_CONFLICT],
         (unsigned long long)seen);
  return 0;
}
