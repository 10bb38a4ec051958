/*===- fork.c - fork() while other threads run atomic blocks --------------===
 *
 * The child has only the forking thread; the others' descriptors are copied
 * as they were. So before fork the forking thread stops the world the way a
 * serial transaction does (inevitability token, serial ownership, then wait
 * until no other thread's attempt is running; attempts that start meanwhile
 * wait at their beginning): no other thread then holds a line lock or the
 * token, and no commit is half written back or half written in place. It
 * also takes the runtime's locks (registry, orphaned limbo, signal
 * actions). Both processes release all of it; the child first retires the
 * descriptors of the threads it does not have (stats folded, marked dead for
 * reuse). A fork inside a block (an uninstrumented call, so the block already
 * runs serially) needs none of the waiting: the block continues in both
 * processes and commits in each. Similar to stmgc's forksupport.c, which
 * also stops the other threads.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "internal.h"

#include <pthread.h>
#include <signal.h>

extern pthread_mutex_t ame__registry_lock;

/* Written by the forking thread while it holds the token, so never by two
 * forks at once. */
static int ame__fork_took_token, ame__fork_took_serial;
static __thread sigset_t ame__fork_mask;

static void ame__fork_prepare(void) {
  /* A handler's block must not run while this thread holds the token and
   * the runtime's locks. */
  ame__signals_block_all(&ame__fork_mask);
  struct __ame_tx *tx = ame__thread_tx();
  ame__fork_took_token = ame__inevitable_token_take(tx);
  ame__fork_took_serial =
      __atomic_load_n(&ame__serial_owner, __ATOMIC_RELAXED) != tx;
  if (ame__fork_took_serial)
    ame__serial_enter(tx);
  ame__profile_fork_lock(); /* before the registry, as ame_profile_stop */
  pthread_mutex_lock(&ame__registry_lock);
  ame__reclaim_fork_lock();
  ame__heap_fork_lock();
  ame__signals_lock();
}

static void ame__fork_release_in(int child) {
  ame__signals_unlock();
  ame__heap_fork_unlock();
  ame__reclaim_fork_unlock();
  pthread_mutex_unlock(&ame__registry_lock);
  ame__profile_fork_unlock(child);
  if (ame__fork_took_serial) {
    __atomic_store_n(&ame__serial_owner, NULL, __ATOMIC_RELEASE);
    ame__rare_clear(AME__RARE_SERIAL);
  }
  if (ame__fork_took_token)
    __atomic_store_n(&ame__inevitable_owner, NULL, __ATOMIC_RELEASE);
  pthread_sigmask(SIG_SETMASK, &ame__fork_mask, NULL);
}

static void ame__fork_release(void) { ame__fork_release_in(0); }

/* Every other thread was outside its attempts, so it held no line and no
 * open window. What it may have been doing there is reclamation, outside
 * any lock: its limbo list may be half compacted, so its blocks are left
 * allocated (a leak bounded by the limbo) rather than freed twice. */
static void ame__fork_child(void) {
  struct __ame_tx *self = ame__self;
  for (struct __ame_tx *o = ame__all_txs(); o; o = o->next_all) {
    if (o == self || !o->live)
      continue;
    o->limbo.len = 0;
    o->frees.len = 0;
    o->reclaim_at = 0;
    o->reclaim_skips = 0;
    ame__stats_fold(o);
    o->live = 0;
  }
  __atomic_store_n(&ame__live_threads, self && self->live, __ATOMIC_RELAXED);
  ame__asym_fence_init();
  ame__fork_release_in(1);
}

void ame__fork_init(void) {
  pthread_atfork(ame__fork_prepare, ame__fork_release, ame__fork_child);
}
