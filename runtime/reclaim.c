/*===- reclaim.c - Epoch-based reclamation of blocks freed in transactions ===
 *
 * A block freed by a transaction that committed at ts may still be read by a
 * transaction that started before ts (it will abort, but must not fault or
 * see the block reused meanwhile). Each descriptor publishes "active since
 * clock c" at attempt start (tx.c, before reading its snapshot); a limbo
 * block is really freed once every active transaction started at or after
 * its ts (Fraser's epoch-based reclamation, with the STM clock as epoch).
 * The commit that frees moves the clock to its ts (commit.c), so later
 * attempts start at or after it. Attempt start publishes its epoch without a
 * fence, so a pass first makes every thread execute one
 * (ame__fence_all_threads); with other threads running, passes wait for a
 * batch of frees to amortize it.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t ame__orphans_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ame__buf ame__orphans; /* limbo of exited threads */
/* Frees a pass waits for while other threads run transactions. */
#define AME__RECLAIM_BATCH 64
static int ame__have_orphans;

static uint64_t ame__oldest_active(const struct __ame_tx *self) {
  uint64_t min = UINT64_MAX;
  for (struct __ame_tx *o = ame__all_txs(); o; o = o->next_all) {
    if (o == self)
      continue;
    uint64_t a = __atomic_load_n(&o->active_since, __ATOMIC_SEQ_CST);
    if (a && (a & ~1ull) < min)
      min = a & ~1ull;
  }
  return min;
}

/* tx keeps what it may reuse (alloc.c); NULL frees everything. */
static void ame__free_before(struct __ame_tx *tx, struct ame__buf *b,
                             uint64_t min) {
  struct ame__pair *l = AME__PAIRS(b);
  size_t j = 0;
  for (size_t i = 0; i < b->len; i++) {
    if (l[i].b <= min) {
      if (tx)
        ame__block_free(tx, (void *)l[i].a);
      else
        free((void *)l[i].a);
    } else {
      l[j++] = l[i];
    }
  }
  b->len = j;
}

void ame__reclaim_commit(struct __ame_tx *tx, uint64_t ts) {
  struct ame__pair *f = AME__PAIRS(&tx->frees);
  /* No other thread: nobody can have skipped its fence (a thread that
   * registers later reads the clock after its registration's barrier, so
   * its snapshot is at or after ts), and no transaction but this one, over,
   * started before ts. With nothing waiting from earlier, the blocks go
   * back at once, without a pass through the limbo. */
  int alone = __atomic_load_n(&ame__live_threads, __ATOMIC_SEQ_CST) <= 1;
  if (alone && !tx->limbo.len &&
      !__atomic_load_n(&ame__have_orphans, __ATOMIC_RELAXED)) {
    for (size_t i = 0; i < tx->frees.len; i++)
      ame__block_free(tx, (void *)f[i].a);
    tx->frees.len = 0;
    return;
  }
  for (size_t i = 0; i < tx->frees.len; i++)
    ame__buf_push(&tx->limbo, f[i].a, ts & ~AME__TAG_BITS);
  tx->frees.len = 0;
  if (!alone && tx->limbo.len < AME__RECLAIM_BATCH)
    return;
  /* A pass costs O(threads + limbo). When the last pass had to keep r
   * blocks (an older transaction is still running), the next one waits until
   * the limbo has doubled or r more commits went by, so blocks that must wait
   * are not rescanned at every commit: amortized O(1) per free and per
   * commit. With nothing kept (the usual case) every commit that frees runs
   * a pass, so a block is freed at the commit that frees it when no older
   * transaction is running. */
  if (tx->limbo.len < tx->reclaim_at && ++tx->reclaim_skips < tx->limbo.len)
    return;
  tx->reclaim_skips = 0;
  if (!alone)
    ame__fence_all_threads();
  uint64_t min = ame__oldest_active(tx);
  ame__free_before(tx, &tx->limbo, min);
  tx->reclaim_at = 2 * tx->limbo.len;
  if (__atomic_load_n(&ame__have_orphans, __ATOMIC_RELAXED) &&
      pthread_mutex_trylock(&ame__orphans_lock) == 0) {
    ame__free_before(tx, &ame__orphans, min);
    __atomic_store_n(&ame__have_orphans, ame__orphans.len != 0,
                     __ATOMIC_RELAXED);
    pthread_mutex_unlock(&ame__orphans_lock);
  }
}

void ame__reclaim_thread_exit(struct __ame_tx *tx) {
  if (!tx->limbo.len)
    return;
  ame__fence_all_threads();
  ame__free_before(NULL, &tx->limbo, ame__oldest_active(tx));
  if (!tx->limbo.len)
    return;
  pthread_mutex_lock(&ame__orphans_lock);
  struct ame__pair *l = AME__PAIRS(&tx->limbo);
  for (size_t i = 0; i < tx->limbo.len; i++)
    ame__buf_push(&ame__orphans, l[i].a, l[i].b);
  __atomic_store_n(&ame__have_orphans, 1, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&ame__orphans_lock);
  tx->limbo.len = 0;
}

/* fork.c: the orphans list is not half updated in the child. */
void ame__reclaim_fork_lock(void) { pthread_mutex_lock(&ame__orphans_lock); }
void ame__reclaim_fork_unlock(void) {
  pthread_mutex_unlock(&ame__orphans_lock);
}
