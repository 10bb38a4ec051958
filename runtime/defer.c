/*===- defer.c - Actions deferred to commit (ame_on_commit) ---------------===
 *
 * Kept in the descriptor, dropped by abort (abort.c), run in order after the
 * outermost commit, outside the transaction: an action may itself run atomic
 * blocks, which get a fresh list.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

AME__EXPORT void ame_on_commit(void (*fn)(void *arg), void *arg) {
  struct __ame_tx *tx = ame__self;
  if (!tx || !tx->depth) {
    fn(arg);
    return;
  }
  ame__buf_push(&tx->defers, (uintptr_t)fn, (uintptr_t)arg);
}

void ame__defer_run(struct __ame_tx *tx) {
  if (!tx->defers.len)
    return;
  struct ame__buf run = tx->defers;
  tx->defers = (struct ame__buf){0};
  const struct ame__pair *l = AME__PAIRS(&run);
  for (size_t i = 0; i < run.len; i++)
    ((void (*)(void *))l[i].a)((void *)l[i].b);
  if (!tx->defers.base) {
    run.len = 0;
    tx->defers = run;
  } else {
    ame__buf_release(&run);
  }
}
