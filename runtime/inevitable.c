/*===- inevitable.c - Inevitable (irrevocable) transactions ---------------===
 *
 * At most one transaction at a time holds the token. It never aborts: it
 * locks every line it reads or writes (two-phase locking), writes in place,
 * and waits for lines others hold; others abort when they meet one of its
 * lines. Escalation for starvation freedom (after AME_RETRY_LIMIT aborts) is
 * inevitable only, and other transactions keep running beside it. Before code
 * the pass cannot instrument (__ame_irrevocable_v2) the transaction also enters
 * serial mode: it waits for the active transactions to end and keeps new ones
 * from starting until it commits, since that code's accesses have no barriers.
 * Unless the pass marked the site io or atomic: then it locked, through
 * __ame_lock_range/__ame_lock_string, all the program memory that code
 * touches, and inevitability is enough.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <sched.h>
#include <string.h>

/* Waits until tx holds the inevitability token: 1 if it took it now, 0 if
 * it held it already. */
int ame__inevitable_token_take(struct __ame_tx *tx) {
  if (__atomic_load_n(&ame__inevitable_owner, __ATOMIC_ACQUIRE) == tx)
    return 0;
  struct __ame_tx *none = NULL;
  for (unsigned spins = 0;
       !__atomic_compare_exchange_n(&ame__inevitable_owner, &none, tx, 0,
                                    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
       spins++) {
    none = NULL;
    ame__spin_wait(spins);
  }
  return 1;
}

/* Attempt start: wait for the token (holding no locks, so nobody waits for
 * us meanwhile). */
void ame__inevitable_begin(struct __ame_tx *tx) {
  ame__inevitable_token_take(tx);
  tx->inevitable = 1;
  tx->tag_bits = 1; /* its own lines too are read through the slow path */
  tx->want_inevitable = 0;
  tx->extras |= AME__X_MODE;
}

void ame__inevitable_release(struct __ame_tx *tx) {
  ame__stop_commits_end(tx);
  if (__atomic_load_n(&ame__serial_owner, __ATOMIC_RELAXED) == tx) {
    __atomic_store_n(&ame__serial_owner, NULL, __ATOMIC_RELEASE);
    ame__rare_clear(AME__RARE_SERIAL);
  }
  if (__atomic_load_n(&ame__inevitable_owner, __ATOMIC_RELAXED) == tx)
    __atomic_store_n(&ame__inevitable_owner, NULL, __ATOMIC_RELEASE);
  tx->inevitable = 0;
  tx->tag_bits = tx->own_tag_bits;
}

/* Serial mode. Uninstrumented code reads and writes memory without barriers,
 * so no other transaction may run beside it: it could read that code's
 * half-done writes or commit over what that code read (libitm's
 * serial-irrevocable mode does the same). Escalation for starvation needs
 * none of this: all its accesses go through barriers, so others keep running.
 *
 * Dekker-style handshake: an attempt publishes active_since, then checks
 * ame__serial_owner; the serial transaction sets ame__serial_owner, makes
 * every thread execute a full barrier (ame__fence_all_threads), then waits
 * until every other active_since is 0. Neither can miss the other, and
 * attempt start pays no fence for it. Active attempts are never blocked
 * by the serial one's locks (they abort when they meet them), so they end. */
_Alignas(64) struct __ame_tx *ame__serial_owner;

void ame__serial_wait(struct __ame_tx *tx) {
  while (__atomic_load_n(&ame__serial_owner, __ATOMIC_SEQ_CST)) {
    __atomic_store_n(&tx->active_since, 0, __ATOMIC_RELEASE);
    for (unsigned spins = 0;
         __atomic_load_n(&ame__serial_owner, __ATOMIC_ACQUIRE); spins++) {
      ame__spin_wait(spins);
    }
    uint64_t c = __atomic_load_n(&ame__clock, __ATOMIC_RELAXED);
    __atomic_store_n(&tx->active_since, c | 1, __ATOMIC_SEQ_CST);
  }
}

void ame__serial_enter(struct __ame_tx *tx) {
  ame__rare_set(AME__RARE_SERIAL);
  __atomic_store_n(&ame__serial_owner, tx, __ATOMIC_SEQ_CST);
  ame__fence_all_threads();
  for (struct __ame_tx *o = ame__all_txs(); o; o = o->next_all) {
    if (o == tx)
      continue;
    for (unsigned spins = 0;
         __atomic_load_n(&o->active_since, __ATOMIC_SEQ_CST) != 0; spins++) {
      ame__spin_wait(spins);
    }
  }
}

/* Escalation of a transaction whose attempts read a lot and wrote nothing
 * (an audit of data that others keep changing): two-phase locking would
 * lock every line it reads, one locked instruction each, and make every
 * writer that meets one of them abort. Instead, while it runs no other
 * transaction commits: it takes the token (so no other transaction is
 * inevitable or serial), sets ame__commits_stopped, and waits until every
 * window open at that moment has closed (commit.c): every commit already
 * past its check of the flag has then finished writing back, and writers
 * that reach their commit meanwhile abort and wait at their next start. It
 * then runs like an optimistic transaction that cannot fail: nothing it read
 * can change, a line locked by a transaction still in its body is read from
 * memory (that transaction cannot commit before this one does), a line it
 * writes that another holds is waited for (the holder aborts at its commit
 * or when it meets one of this transaction's lines), and its commit does not
 * validate. A call that needs two-phase locking switches to it
 * (__ame_irrevocable_v2) or restarts in it. Writers lose the work of their
 * current attempt; reads are unaffected. */
_Alignas(64) struct __ame_tx *ame__commits_stopped;

void ame__stop_commits_begin(struct __ame_tx *tx) {
  ame__inevitable_token_take(tx);
  tx->inevitable = 0;
  tx->tag_bits = tx->own_tag_bits;
  tx->stops_commits = 1;
  tx->extras |= AME__X_MODE;
  ame__rare_set(AME__RARE_STOPPED);
  __atomic_store_n(&ame__commits_stopped, tx, __ATOMIC_SEQ_CST);
  /* A window opened after this scan belongs to a commit that will see the
   * flag, so waiting for each open window to change is enough. */
  ame__wait_windows(tx);
}

void ame__stop_commits_end(struct __ame_tx *tx) {
  if (tx->stops_commits) {
    __atomic_store_n(&ame__commits_stopped, NULL, __ATOMIC_RELEASE);
    ame__rare_clear(AME__RARE_STOPPED);
    tx->stops_commits = 0;
  }
}

/* Attempt start while another transaction stops commits: this one could not
 * commit, so it waits. */
void ame__commits_wait(struct __ame_tx *tx) {
  for (unsigned spins = 0;; spins++) {
    struct __ame_tx *o = __atomic_load_n(&ame__commits_stopped, __ATOMIC_ACQUIRE);
    if (!o || o == tx)
      return;
    ame__spin_wait(spins);
  }
}

/* Lock every line of the read log in place, provided it is still at a version
 * not newer than the snapshot; 0 if some line changed or is held by another. */
static int ame__lock_read_set(struct __ame_tx *tx) {
  for (struct ame__rchunk *c = tx->rhead; c; c = c->next) {
    uint64_t **end = c == tx->rcur ? tx->rpos : c->slot + c->cap;
    for (uint64_t **p = c->slot; p < end; p++) {
      uint64_t *m = *p;
      uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
      if (w & 1) {
        if (w == tx->inplace_word)
          continue;
        const struct ame__wentry *e = (const struct ame__wentry *)(w - 1);
        if (ame__wentry_owner(e) == tx &&
            ame__version_ok(tx, ame__wentry_old(e)))
          continue;
        return 0;
      }
      if (!ame__version_ok(tx, w) || !ame__lock_in_place(tx, m, w))
        return 0;
    }
    if (c == tx->rcur)
      break;
  }
  return 1;
}

/* Mid-transaction switch, before an uninstrumented call. Cold: at most once
 * per transaction. */
AME__EXPORT AME__SLOW void __ame_irrevocable_v2(void *txp, void *site) {
  struct __ame_tx *tx = txp;
  const struct __ame_site *at = site;
  int serial = !at || ame__site_names(at).kind == AME_SITE_SERIAL;
  AME__NOTE_ACCESS(tx, NULL, site);
  tx->prof_want_site = at; /* names the restart, if there is one */
  if (AME__UNLIKELY(tx->order))
    ame__order_irrevocable(tx);
  if (tx->stops_commits) {
    /* It holds the token already; lines it read from memory under another
     * transaction's lock make ame__lock_read_set fail, and then it restarts
     * with two-phase locking. */
    if (!ame__lock_read_set(tx)) {
      tx->want_inevitable = 1;
      ame__abort(tx, AME_ABORT_INEVITABLE);
    }
    ame__stop_commits_end(tx);
    goto locked;
  }
  if (tx->inevitable) {
    if (serial && __atomic_load_n(&ame__serial_owner, __ATOMIC_RELAXED) != tx) {
      tx->serial_site = at;
      ame__serial_enter(tx);
      if (AME__UNLIKELY(tx->profiling))
        ame__profile_switch(tx, at, tx->pc_now, AME__PROF_SERIAL);
    }
    return;
  }
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
locked:
  /* Pending reference-count deltas go to memory now, their comparisons
   * checked against it (a failed one restarts, keeping the token). */
  if (AME__UNLIKELY(tx->rcs.len) && !ame__rc_inevitable(tx)) {
    tx->want_inevitable = 1;
    ame__abort(tx, AME_ABORT_INEVITABLE);
  }
  /* From here on the transaction cannot fail: publish its writes in place,
   * keeping the lines locked until commit. It holds every line it read, so
   * nobody can overwrite one of them until it commits: its write-back needs
   * no window (commit.c). */
  ame__window_close(tx);
  ame__stats_max(&tx->stats.max_write_log, tx->wcount);
  if (tx->wcount)
    tx->wrote_in_place = 1;
  AME__WLOG_FOREACH(tx, e, {
    ame__writeback_entry(e);
    __atomic_store_n(ame__wentry_meta(e), tx->inplace_word, __ATOMIC_RELEASE);
    ame__buf_push(&tx->ilocks, (uintptr_t)ame__wentry_meta(e),
                  ame__wentry_old(e));
  });
  tx->extras |= AME__X_LISTS | AME__X_MODE;
  ame__wlog_reset(tx);
  ame__rlog_reset(tx);
  tx->inevitable = 1;
  tx->tag_bits = 1;
  tx->rlimit = 0;
  if (serial) {
    tx->serial_site = at;
    ame__serial_enter(tx);
  }
  if (AME__UNLIKELY(tx->profiling))
    ame__profile_switch(tx, at, tx->pc_now,
                        serial ? AME__PROF_SERIAL : AME__PROF_INEVITABLE);
}

/* Two-phase locking for memory that code without barriers (a known callee, an
 * atomic instruction, a reference count added in memory) is about to touch:
 * the line stays locked in place until commit, so no other transaction reads
 * it meanwhile or commits over it. A line another transaction holds is
 * waited for: that one never waits for us (it aborts when it meets our
 * lines), so it ends. A line this transaction still holds through its write
 * log (only while it turns inevitable) stays so: its entry is returned. */
struct ame__wentry *ame__lock_line(struct __ame_tx *tx, uint64_t *m) {
  for (unsigned spins = 0;; spins++) {
    uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
    if (w == tx->inplace_word)
      return NULL;
    if (w & 1) {
      struct ame__wentry *e = (struct ame__wentry *)(w - 1);
      if (ame__wentry_owner(e) == tx)
        return e;
      ame__spin_wait(spins);
      continue;
    }
    if (ame__lock_in_place(tx, m, w))
      return NULL;
  }
}

/* Only after __ame_irrevocable_v2: an inevitable transaction holds no write-log
 * entries (they were written back in place), so every line it holds carries
 * its in-place word. */
AME__EXPORT void __ame_lock_range(void *txp, void *p, size_t n, uint32_t write,
                                  void *site) {
  struct __ame_tx *tx = txp;
  if (!p || !n)
    return;
  AME__NOTE_ACCESS(tx, p, site);
  uintptr_t a = (uintptr_t)p & ~(uintptr_t)(AME__LINE - 1);
  uintptr_t end = (uintptr_t)p + n;
  for (; a < end; a += AME__LINE)
    ame__lock_line(tx, ame__meta((const void *)a));
  if (write)
    tx->wrote_in_place = 1;
}

/* Its length is read line by line after locking that line, so it is the
 * length the callee will see. */
AME__EXPORT void __ame_lock_string(void *txp, void *p, void *site) {
  struct __ame_tx *tx = txp;
  if (!p)
    return;
  AME__NOTE_ACCESS(tx, p, site);
  for (const char *s = p;;) {
    ame__lock_line(tx, ame__meta(s));
    const char *line_end = (const char *)(((uintptr_t)s | (AME__LINE - 1)) + 1);
    if (memchr(s, 0, (size_t)(line_end - s)))
      return;
    s = line_end;
  }
}
