/*===- libc_sort.c - qsort and bsearch inside transactions ----------------===
 *
 * The comparison function is the program's: inside a transaction its clone
 * must run, with tx, so that what it reads through the elements is tracked.
 * qsort sorts a private copy (memory of the transaction's own, which its
 * barriers recognise, released if the attempt rolls back) and writes it
 * back, so a conflict in the middle of the sort leaves nothing to undo.
 * Merge sort, like the C library's: the same order for equal elements.
 * Without a clone (a comparison function built without AME) the call runs
 * the C library's in serial mode.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*ame__cmp_clone)(void *tx, const void *a, const void *b);

static const struct __ame_site ame__qsort_site = {
    "", "qsort", 0, 0, "qsort with a comparison function built without AME",
    AME_SITE_SERIAL};
static const struct __ame_site ame__bsearch_site = {
    "", "bsearch", 0, 0,
    "bsearch with a comparison function built without AME", AME_SITE_SERIAL};

/* Sorts n elements at a, using tmp (as large) as scratch. */
static void ame__merge_sort(void *tx, char *a, char *tmp, size_t n,
                            size_t size, ame__cmp_clone cmp) {
  if (n < 2)
    return;
  size_t h = n / 2;
  ame__merge_sort(tx, a, tmp, h, size, cmp);
  ame__merge_sort(tx, a + h * size, tmp, n - h, size, cmp);
  char *l = a, *lend = a + h * size, *r = lend, *rend = a + n * size;
  char *out = tmp;
  while (l < lend && r < rend) {
    /* <= keeps equal elements in their order. */
    if (cmp(tx, l, r) <= 0) {
      memcpy(out, l, size);
      l += size;
    } else {
      memcpy(out, r, size);
      r += size;
    }
    out += size;
  }
  memcpy(out, l, (size_t)(lend - l));
  out += lend - l;
  memcpy(out, r, (size_t)(rend - r));
  memcpy(a, tmp, n * size);
}

AME__EXPORT void __ame_qsort(void *txp, void *base, size_t n, size_t size,
                             void *cmp, void *site) {
  struct __ame_tx *tx = txp;
  ame__cmp_clone clone = (ame__cmp_clone)__ame_find_clone(cmp);
  if (!clone) {
    __ame_irrevocable_v2(tx, (void *)&ame__qsort_site);
    qsort(base, n, size, (int (*)(const void *, const void *))cmp);
    return;
  }
  if (n < 2 || !size)
    return;
  char *copy =
      n <= SIZE_MAX / 2 / size ? __ame_malloc(tx, 2 * n * size) : NULL;
  if (!copy) {
    fprintf(stderr,
            "ame: out of memory for qsort of %zu elements of %zu bytes "
            "inside an atomic block\n",
            n, size);
    abort();
  }
  AME__NOTE_ACCESS(tx, base, site);
  ame__read_range(tx, copy, base, n * size);
  ame__merge_sort(tx, copy, copy + n * size, n, size, clone);
  /* Again: the comparison's barriers noted their own sites. */
  AME__NOTE_ACCESS(tx, base, site);
  ame__write_range(tx, base, copy, n * size);
  __ame_free(tx, copy);
}

AME__EXPORT void *__ame_bsearch(void *txp, void *key, void *base, size_t n,
                                size_t size, void *cmp) {
  struct __ame_tx *tx = txp;
  ame__cmp_clone clone = (ame__cmp_clone)__ame_find_clone(cmp);
  if (!clone) {
    __ame_irrevocable_v2(tx, (void *)&ame__bsearch_site);
    return bsearch(key, base, n, size,
                   (int (*)(const void *, const void *))cmp);
  }
  /* The elements stay where they are: the clone reads them through
   * barriers, which also see this transaction's own writes. */
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    char *p = (char *)base + mid * size;
    int c = clone(tx, key, p);
    if (c == 0)
      return p;
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}
