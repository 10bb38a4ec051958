/*===- private.c - ame_private: memory a block declares its own ------------===
 *
 * The pass leaves accesses through the pointer ame_private returns without
 * barriers (docs/pass.md); the runtime has nothing to do for them. With
 * AME_CHECK_PRIVATE=1 it checks the program's promise against other atomic
 * blocks: it notes the version of every line of the range when the block
 * declares it, and at the block's commit a line whose version moved, or
 * that another transaction holds from a newer version, was written by a
 * block that committed meanwhile. Plain code writing the range is not seen.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

AME__EXPORT void *ame_private(void *p, size_t n) {
  struct __ame_tx *tx = ame__self;
  if (!ame__flags.check_private || !tx || !tx->depth || !p || !n)
    return p;
  uintptr_t a = (uintptr_t)p & ~(uintptr_t)(AME__LINE - 1);
  for (uintptr_t end = (uintptr_t)p + n; a < end; a += AME__LINE) {
    uint64_t *m = ame__meta((const void *)a);
    uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
    if (w & 1)
      w = ame__wentry_owner((const struct ame__wentry *)(w - 1)) == tx
              ? ame__wentry_old((const struct ame__wentry *)(w - 1))
              : w;
    ame__buf_push(&tx->privates, (uintptr_t)m, w);
    tx->extras |= AME__X_LISTS;
  }
  return p;
}

/* At commit, with AME_CHECK_PRIVATE=1 (ame__commit): every line declared
 * private still at the version it had, or held from that version. */
void ame__private_check(struct __ame_tx *tx) {
  struct ame__pair *l = AME__PAIRS(&tx->privates);
  for (size_t i = 0; i < tx->privates.len; i++) {
    uint64_t w = __atomic_load_n((uint64_t *)l[i].a, __ATOMIC_ACQUIRE);
    uint64_t then = l[i].b;
    if (w == then || w == tx->inplace_word)
      continue;
    if ((w & 1) && !(then & 1) && w != tx->inplace_word &&
        ame__wentry_old((const struct ame__wentry *)(w - 1)) == then)
      continue; /* held, not yet written: the holder commits after us */
    if ((w & 1) && ame__wentry_owner((const struct ame__wentry *)(w - 1)) == tx)
      continue;
    fprintf(stderr,
            "ame: memory declared private with ame_private (the line at %p) "
            "was written by another atomic block while the block that "
            "declared it ran (AME_CHECK_PRIVATE)\n",
            (void *)(((uintptr_t)l[i].a - AME__SHADOW_BASE) << 3));
    abort();
  }
  tx->privates.len = 0;
}
