/*===- inevitable.c - Inevitable (irrevocable) transactions ---------------===
 *
 * At most one transaction at a time holds the token. It never aborts: it
 * locks every line it reads or writes (two-phase locking), writes in place,
 * and waits for lines others hold. Others keep running; they abort when they
 * meet one of its lines. Used for code the pass cannot instrument and for
 * starvation freedom (after AME_RETRY_LIMIT aborts). Accesses made by that
 * uninstrumented code itself are not tracked (docs/design.md).
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <sched.h>

/* Attempt start: wait for the token (holding no locks, so nobody waits for
 * us meanwhile). */
void ame__inevitable_begin(struct __ame_tx *tx) {
  struct __ame_tx *none = NULL;
  for (unsigned spins = 0;
       __atomic_load_n(&ame__inevitable_owner, __ATOMIC_ACQUIRE) != tx &&
       !__atomic_compare_exchange_n(&ame__inevitable_owner, &none, tx, 0,
                                    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
       spins++) {
    none = NULL;
    if (spins < 1000)
      ame__pause();
    else
      sched_yield();
  }
  tx->inevitable = 1;
  tx->want_inevitable = 0;
}

void ame__inevitable_release(struct __ame_tx *tx) {
  if (__atomic_load_n(&ame__inevitable_owner, __ATOMIC_RELAXED) == tx)
    __atomic_store_n(&ame__inevitable_owner, NULL, __ATOMIC_RELEASE);
  tx->inevitable = 0;
}

/* Lock every line of the read log in place, provided it is still at a version
 * not newer than the snapshot; 0 if some line changed or is held by another. */
static int ame__lock_read_set(struct __ame_tx *tx) {
  const uint64_t snap = tx->snapshot;
  for (struct ame__rchunk *c = tx->rhead; c; c = c->next) {
    uint64_t **end = c == tx->rcur ? tx->rpos : c->slot + c->cap;
    for (uint64_t **p = c->slot; p < end; p++) {
      uint64_t *m = *p;
      uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
      if (w & 1) {
        if (w == tx->inplace_word)
          continue;
        const struct ame__wentry *e = (const struct ame__wentry *)(w - 1);
        if (e->tx == tx && e->old_word <= snap)
          continue;
        return 0;
      }
      if (w > snap ||
          !__atomic_compare_exchange_n(m, &w, tx->inplace_word, 0,
                                       __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
        return 0;
      ame__buf_push(&tx->ilocks, (uintptr_t)m, w);
    }
    if (c == tx->rcur)
      break;
  }
  return 1;
}

/* Mid-transaction switch, before an uninstrumented call. Cold: at most once
 * per transaction. */
AME__EXPORT AME__SLOW void __ame_irrevocable(void *txp, void *site) {
  struct __ame_tx *tx = txp;
  (void)site;
  if (tx->inevitable)
    return;
  struct __ame_tx *none = NULL;
  if (!__atomic_compare_exchange_n(&ame__inevitable_owner, &none, tx, 0,
                                   __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
    tx->want_inevitable = 1;
    ame__abort(tx, AME_ABORT_INEVITABLE);
  }
  if (!ame__lock_read_set(tx)) {
    /* Keep the token and start over inevitably. */
    tx->want_inevitable = 1;
    ame__abort(tx, AME_ABORT_INEVITABLE);
  }
  /* From here on the transaction cannot fail: publish its writes in place,
   * keeping the lines locked until commit. */
  ame__stats_max(&tx->stats.max_write_log, tx->wcount);
  if (tx->wcount)
    tx->wrote_in_place = 1;
  AME__WLOG_FOREACH(tx, e, {
    ame__writeback_entry(e);
    __atomic_store_n(e->meta, tx->inplace_word, __ATOMIC_RELEASE);
    ame__buf_push(&tx->ilocks, (uintptr_t)e->meta, e->old_word);
  });
  ame__wlog_reset(tx);
  ame__rlog_reset(tx);
  tx->inevitable = 1;
  tx->rlimit = 0;
}
