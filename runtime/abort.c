/*===- abort.c - Rollback, backoff and the jump back to the attempt start --===
 *
 * Write-back with encounter-time locks means memory was never touched (except
 * lines the transaction allocated, which are freed): undoing an attempt is
 * restoring the lock words it changed. Then randomized exponential backoff,
 * and a jump to the __builtin_setjmp in ame__run_outermost from any depth of
 * instrumented code (the body's locals are simply re-created).
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#ifdef AME__ASAN
#include <sanitizer/asan_interface.h>
#endif

void ame__rollback(struct __ame_tx *tx) {
  tx->in_body = 0;
  tx->last_attempt_read_only =
      tx->wcount == 0 && tx->allocs.len == 0 && tx->frees.len == 0 &&
      !tx->wrote_in_place && tx->rcs.len == 0;
  tx->stack_span = 0;
  ame__stats_max(&tx->stats.max_read_log, ame__rlog_count(tx));
  ame__stats_max(&tx->stats.max_write_log, tx->wcount);
  AME__WLOG_FOREACH(tx, e,
                    __atomic_store_n(ame__wentry_meta(e), ame__wentry_old(e),
                                     __ATOMIC_RELEASE));
  ame__wlog_reset(tx);
  struct ame__pair *l = AME__PAIRS(&tx->ilocks);
  for (size_t i = 0; i < tx->ilocks.len; i++)
    __atomic_store_n((uint64_t *)l[i].a, l[i].b, __ATOMIC_RELEASE);
  tx->ilocks.len = 0;
  ame__window_close(tx);
  ame__alloc_rollback(tx);
  if (AME__UNLIKELY(tx->locale_tag))
    ame__locale_rollback(tx);
  tx->frees.len = 0;
  tx->defers.len = 0;
  tx->privates.len = 0;
  ame__stop_commits_end(tx);
  if (!tx->want_inevitable)
    ame__inevitable_release(tx);
  /* Idle until the next attempt publishes itself again: the attempt may now
   * wait for the inevitable token, and a serial transaction waits for every
   * active one (inevitable.c), so staying "active" here could deadlock. */
  __atomic_store_n(&tx->active_since, 0, __ATOMIC_RELEASE);
}

static uint64_t ame__rand(struct __ame_tx *tx) {
  uint64_t x = tx->rng;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return tx->rng = x;
}

/* Randomized exponential backoff: two transactions that keep killing each
 * other soon stop meeting (the window doubles up to 2^12 pauses). */
static void ame__backoff(struct __ame_tx *tx) {
  unsigned shift = tx->attempts < 12 ? (unsigned)tx->attempts : 12;
  uint64_t n = ame__rand(tx) & ((1ull << shift) - 1);
  for (uint64_t i = 0; i < n; i++)
    ame__pause();
}

/* Cold and out of line: aborts are the exception, and never return. */
AME__SLOW AME__NORETURN void ame__abort(struct __ame_tx *tx,
                                        enum ame_abort_cause cause) {
  if (AME__UNLIKELY(tx->profiling))
    ame__profile_abort(tx, cause);
  ame__rollback(tx);
  tx->stats.aborts[cause]++;
  if (!tx->want_inevitable)
    ame__backoff(tx);
  /* Here, not at attempt start: a block that commits at once stores it
   * once (ame__run_outermost). */
  tx->attempts++;
#ifdef AME__ASAN
  /* The frames we jump over leave their ASan stack poisoning behind. */
  __asan_handle_no_return();
#endif
  __builtin_longjmp(tx->jb, 1);
}
