/*===- libc_locale.c - uselocale, newlocale, duplocale, freelocale --------===
 *
 * Libraries that must parse numbers with a '.' whatever the program's locale
 * (json-c's tokener, for one) switch the thread's locale around the work:
 *   old = uselocale(0); l = newlocale(LC_NUMERIC_MASK, "C", duplocale(old));
 *   uselocale(l); ... uselocale(old); freelocale(l);
 * Run as they are in a block these would leave a rolled-back attempt's
 * locale in force and leak its objects, so the block would have to go
 * serial. Locale objects belong to the C library (no other thread sees one
 * until the block publishes its address, which commits), so it is enough to
 * undo what the attempt did to the thread: restore its locale, free the
 * objects it created, and keep objects it did not create until the commit.
 *
 * The state needs no commit hook: it belongs to the running block while
 * locale_tag == stats.commits + 1, since commits only grow after the last
 * point where the block could still abort, and while locale_thread is the
 * thread's number: a descriptor that a new thread reuses starts its
 * statistics at 0 again. Whatever a committed block left is stale and
 * dropped at the next use.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <locale.h>
#include <stdint.h>

static int ame__locale_current(struct __ame_tx *tx) {
  return tx->locale_tag == tx->stats.commits + 1 &&
         tx->locale_thread == tx->thread_no;
}

static void ame__locale_own(struct __ame_tx *tx) {
  if (ame__locale_current(tx))
    return;
  tx->locale_tag = tx->stats.commits + 1;
  tx->locale_thread = tx->thread_no;
  tx->locale_undo = 0;
  tx->locales.len = 0;
}

static size_t ame__locale_find(struct __ame_tx *tx, locale_t l) {
  struct ame__pair *p = AME__PAIRS(&tx->locales);
  for (size_t i = 0; i < tx->locales.len; i++)
    if (p[i].a == (uintptr_t)l)
      return i;
  return SIZE_MAX;
}

void ame__locale_rollback(struct __ame_tx *tx) {
  if (ame__locale_current(tx)) {
    if (tx->locale_undo)
      uselocale((locale_t)tx->locale_undo);
    struct ame__pair *p = AME__PAIRS(&tx->locales);
    for (size_t i = 0; i < tx->locales.len; i++)
      freelocale((locale_t)p[i].a);
  }
  tx->locale_tag = 0;
  tx->locale_undo = 0;
  tx->locales.len = 0;
}

static void ame__freelocale_later(void *l) { freelocale((locale_t)l); }

AME__EXPORT void *__ame_uselocale(void *txp, void *l) {
  struct __ame_tx *tx = txp;
  if (!l)
    return uselocale((locale_t)0);
  ame__locale_own(tx);
  if (!tx->locale_undo)
    tx->locale_undo = uselocale((locale_t)0);
  return uselocale((locale_t)l);
}

AME__EXPORT void *__ame_duplocale(void *txp, void *l) {
  struct __ame_tx *tx = txp;
  locale_t r = duplocale((locale_t)l);
  if (r) {
    ame__locale_own(tx);
    ame__buf_push(&tx->locales, (uintptr_t)r, 0);
  }
  return r;
}

AME__EXPORT void *__ame_newlocale(void *txp, uint32_t mask, void *name,
                                  void *base) {
  struct __ame_tx *tx = txp;
  ame__locale_own(tx);
  const char *n = name ? ame__copy_string(tx, 0, name, SIZE_MAX) : NULL;
  locale_t b = (locale_t)base;
  if (!b || b == LC_GLOBAL_LOCALE) {
    locale_t r = newlocale((int)mask, n, b);
    if (r)
      ame__buf_push(&tx->locales, (uintptr_t)r, 0);
    return r;
  }
  size_t i = ame__locale_find(tx, b);
  if (i != SIZE_MAX) {
    /* The attempt's own object: newlocale may change or free it, and the
     * result takes its place (on failure it is unchanged). */
    locale_t r = newlocale((int)mask, n, b);
    if (r)
      AME__PAIRS(&tx->locales)[i].a = (uintptr_t)r;
    return r;
  }
  /* An older object must survive an abort: modify a copy, and free the
   * original, as newlocale would have, at commit. */
  locale_t d = duplocale(b);
  if (!d)
    return NULL;
  locale_t r = newlocale((int)mask, n, d);
  if (!r) {
    freelocale(d);
    return NULL;
  }
  ame__buf_push(&tx->locales, (uintptr_t)r, 0);
  ame_on_commit(ame__freelocale_later, b);
  return r;
}

AME__EXPORT void __ame_freelocale(void *txp, void *l) {
  struct __ame_tx *tx = txp;
  ame__locale_own(tx);
  size_t i = ame__locale_find(tx, (locale_t)l);
  if (i == SIZE_MAX) {
    ame_on_commit(ame__freelocale_later, l);
    return;
  }
  /* Created by this attempt: nobody else can hold it. */
  struct ame__pair *p = AME__PAIRS(&tx->locales);
  p[i] = p[--tx->locales.len];
  freelocale((locale_t)l);
}
