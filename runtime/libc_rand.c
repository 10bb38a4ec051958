/*===- libc_rand.c - rand_r inside transactions ---------------------------===
 *
 * rand_r keeps its whole state in the seed the caller passes, which may be
 * shared memory (a generator several blocks draw from): the seed is read
 * through a barrier, advanced by the C library on a private copy, and
 * written back through a barrier, so draws in concurrent blocks serialize
 * like any other read-modify-write and an aborted attempt leaves the seed
 * as it was.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <stdlib.h>

AME__EXPORT uint32_t __ame_rand_r(void *txp, void *seed, void *site) {
  struct __ame_tx *tx = txp;
  AME__NOTE_ACCESS(tx, seed, site);
  unsigned s;
  ame__read_range(tx, &s, seed, sizeof s);
  int r = rand_r(&s);
  ame__write_range(tx, seed, &s, sizeof s);
  return (uint32_t)r;
}
