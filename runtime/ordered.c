/*===- ordered.c - In-order commit of speculative blocks (AME_ORDERED) -----===
 *
 * Blocks of an ordered loop or queue run speculatively on all workers and
 * commit one after the other in index order: a block that reaches its commit
 * before its turn waits there, before validation, so whatever an earlier
 * block wrote over its reads makes it abort and run again. The block at its
 * turn (the holder) never waits for a later one: a later block steps aside
 * (aborts, releasing its encounter-time locks, and starts again only at its
 * own turn) whenever the holder has met a conflict or is about to wait for
 * other transactions. docs/design.md, "Ordered commit", gives the argument.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

static inline uint64_t ame__order_turn(const struct ame__order *o) {
  return __atomic_load_n(&o->turn, __ATOMIC_ACQUIRE);
}

/* The holder announces that later blocks must get out of its way. */
static void ame__order_urgent(struct __ame_tx *tx) {
  if (__atomic_load_n(&tx->order->urgent, __ATOMIC_RELAXED) !=
      tx->order_index + 1)
    __atomic_store_n(&tx->order->urgent, tx->order_index + 1, __ATOMIC_SEQ_CST);
}

/* Holding no locks (an attempt not started yet), wait for the turn. */
static void ame__order_wait_turn(struct __ame_tx *tx) {
  /* An attempt that restarts inevitably kept the token (abort.c); the holder
   * may need it. It takes it again at its turn. */
  if (__atomic_load_n(&ame__inevitable_owner, __ATOMIC_RELAXED) == tx)
    __atomic_store_n(&ame__inevitable_owner, NULL, __ATOMIC_RELEASE);
  for (unsigned spins = 0; ame__order_turn(tx->order) != tx->order_index;
       spins++)
    ame__spin_wait(spins);
}

/* A later block that aborted for the holder (or starts while the holder is
 * in trouble), wants to run inevitably or has exhausted its retries starts
 * only at its turn: an inevitable or serial block waits for others, and one
 * at a later turn would wait for them while they wait for it to commit
 * first. From its turn on it cannot be made to step aside, so it finishes.
 * A holder that retries warns the others. */
void ame__order_begin(struct __ame_tx *tx) {
  uint64_t turn = ame__order_turn(tx->order);
  if (turn != tx->order_index) {
    long limit = ame__flags.retry_limit < 0 ? 0 : ame__flags.retry_limit;
    /* A holder in trouble: running again now would take back the lines it
     * is waiting for. */
    if (!tx->order_wait_first && !tx->want_inevitable &&
        tx->attempts <= (uint64_t)limit &&
        __atomic_load_n(&tx->order->urgent, __ATOMIC_RELAXED) != turn + 1)
      return;
    ame__order_wait_turn(tx);
    /* Attempts lost to earlier blocks say nothing about its chances now
     * that nobody may make it step aside: it gets the usual retries before
     * escalating. Nor does it announce itself yet: later blocks step aside
     * only if it meets one of them (an abort), else each block that stepped
     * aside would push the next one aside too, for the rest of the loop. */
    if (!tx->want_inevitable)
      tx->attempts = 1;
    return;
  }
  if (tx->attempts > 1 || tx->want_inevitable)
    ame__order_urgent(tx);
}

/* Commit start, before anything is locked for the commit or validated. */
void ame__order_commit(struct __ame_tx *tx) {
  struct ame__order *o = tx->order;
  uint64_t me = tx->order_index;
  if (ame__order_turn(o) != me) {
    /* Nobody needs to wait for this block before it validates (commit.c
     * does the same around its wait for write-backs): the window is closed
     * while it waits, so a holder that waits for windows is not stuck here. */
    int open = (int)(tx->wb_slot & 1);
    ame__window_close(tx);
    for (unsigned spins = 0;; spins++) {
      uint64_t turn = ame__order_turn(o);
      if (turn == me)
        break;
      /* The holder needs this block's locks or its end (serial mode, the
       * commit-stopping escalation of another thread waits for active
       * blocks): step aside until the turn comes. */
      if (__atomic_load_n(&o->urgent, __ATOMIC_ACQUIRE) == turn + 1 ||
          __atomic_load_n(&ame__serial_owner, __ATOMIC_RELAXED) ||
          __atomic_load_n(&ame__commits_stopped, __ATOMIC_RELAXED)) {
        tx->order_wait_first = 1;
        tx->prof_why = AME__PROF_ORDER;
        ame__abort(tx, AME_ABORT_WRITE_CONFLICT);
      }
      ame__spin_wait(spins);
    }
    if (open)
      __atomic_store_n(&tx->wb_slot, tx->wb_slot + 1, __ATOMIC_SEQ_CST);
  }
  /* A reader commits at its snapshot, which may precede the commit of the
   * block before it: it must be serialized after that one, so it checks
   * now that nothing it read has changed. Writers validate at their
   * timestamp, taken after this point. */
  if (!tx->inevitable && !tx->stops_commits && tx->wcount == 0 &&
      tx->allocs.len == 0 && tx->frees.len == 0 && tx->rcs.len == 0 &&
      !ame__validate(tx))
    ame__abort(tx, AME_ABORT_VALIDATION);
}

/* Inevitable and serial blocks wait for the lines and the ends of others,
 * later blocks included: only the holder may become one. */
void ame__order_irrevocable(struct __ame_tx *tx) {
  if (ame__order_turn(tx->order) != tx->order_index) {
    tx->order_wait_first = 1;
    tx->prof_why = AME__PROF_ORDER;
    ame__abort(tx, AME_ABORT_INEVITABLE);
  }
  ame__order_urgent(tx);
}

/* The holder met a line that a later block of its loop holds. That block
 * cannot commit before the holder, so the holder's abort would only let it
 * keep the line; instead the holder asks it to step aside and waits for the
 * line. It is released soon: the later block aborts when it reaches its
 * commit or when it meets a line of the holder, and it waits for nothing
 * else for long (it cannot be inevitable). Returns 0 if this is not that
 * case. */
int ame__order_wait_line(struct __ame_tx *tx, const struct __ame_tx *owner,
                         const uint64_t *m, uint64_t w) {
  if (owner == tx ||
      __atomic_load_n(&owner->order, __ATOMIC_RELAXED) != tx->order ||
      __atomic_load_n(&owner->order_index, __ATOMIC_RELAXED) <=
          tx->order_index ||
      ame__order_turn(tx->order) != tx->order_index)
    return 0;
  ame__order_urgent(tx);
  for (unsigned spins = 0; __atomic_load_n(m, __ATOMIC_ACQUIRE) == w; spins++)
    ame__spin_wait(spins);
  return 1;
}

/* Before a later block takes another line: if the holder is waiting, this
 * block steps aside now rather than at its commit, so the holder does not
 * wait for the rest of this block's body. */
void ame__order_check(struct __ame_tx *tx) {
  uint64_t turn = ame__order_turn(tx->order);
  if (turn != tx->order_index &&
      __atomic_load_n(&tx->order->urgent, __ATOMIC_RELAXED) == turn + 1) {
    tx->order_wait_first = 1;
    tx->prof_why = AME__PROF_ORDER;
    ame__abort(tx, AME_ABORT_WRITE_CONFLICT);
  }
}
