/*===- defer.c - Actions deferred to commit (ame_on_commit) ---------------===
 *
 * Kept in the descriptor, dropped by abort (abort.c), run in order after the
 * outermost commit, outside the transaction (after the handlers of signals
 * that arrived inside it): an action may itself run atomic blocks, which get
 * a fresh list.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

AME__EXPORT void ame_on_commit(void (*fn)(void *arg), void *arg) {
  struct __ame_tx *tx = ame__self;
  if (!tx || !tx->depth) {
    fn(arg);
    return;
  }
  ame__buf_push(&tx->defers, (uintptr_t)fn, (uintptr_t)arg);
  tx->extras |= AME__X_LISTS;
}

/* Called at the end of the outermost transaction, before depth drops: a
 * signal handler's block cannot take the list before it is taken here.
 * Returns outside the transaction (ame__outside). */
void ame__defer_run(struct __ame_tx *tx) {
  struct ame__buf run = tx->defers;
  tx->defers = (struct ame__buf){0};
  ame__outside(tx);
  const struct ame__pair *l = AME__PAIRS(&run);
  for (size_t i = 0; i < run.len; i++)
    ((void (*)(void *))l[i].a)((void *)l[i].b);
  /* The list is kept for the next transaction unless an action's block made
   * a new one. Signals wait meanwhile, so that no handler's block pushes to
   * a list being replaced. */
  tx->depth = 1;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  if (!tx->defers.base) {
    run.len = 0;
    tx->defers = run;
  } else {
    ame__buf_release(&run);
  }
  ame__outside(tx);
}
