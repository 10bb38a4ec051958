/*===- libc_env.c - getenv inside transactions ----------------------------===
 *
 * getenv reads environ and the strings it points to, which the program may
 * change itself (storing to environ, or to a string it gave putenv). Inside
 * a block both are read through barriers, so a lookup sees the environment
 * that the block's snapshot holds, and the block keeps running beside others
 * instead of alone. setenv, unsetenv and putenv stay library calls, which
 * make their block serial: then no other block runs while they write.
 *
 * The comparison is glibc's: an entry matches when it starts with the whole
 * name followed by '='; an empty name matches nothing.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <string.h>
#include <sys/auxv.h>

extern char **environ;

static char *ame__getenv(struct __ame_tx *tx, const char *name) {
  const char *want = ame__copy_string(tx, 0, name, SIZE_MAX);
  size_t len = strlen(want);
  char **env;
  ame__read_seg(tx, &env, &environ, sizeof env);
  if (!env || !len)
    return NULL;
  for (;; env++) {
    char *entry;
    ame__read_seg(tx, &entry, env, sizeof entry);
    if (!entry)
      return NULL;
    /* Never more of an entry than the name and its '=': environments hold
     * long values (PATH, LS_COLORS) that a lookup of another name skips. */
    const char *have = ame__copy_string(tx, 1, entry, len + 1);
    if (!strncmp(have, want, len) && have[len] == '=')
      return entry + len + 1;
  }
}

AME__EXPORT void *__ame_getenv(void *txp, void *name, void *site) {
  struct __ame_tx *tx = txp;
  AME__NOTE_ACCESS(tx, name, site);
  return ame__getenv(tx, name);
}

/* In a set-user-ID or set-group-ID program (AT_SECURE), as glibc's, nothing. */
AME__EXPORT void *__ame_secure_getenv(void *txp, void *name, void *site) {
  struct __ame_tx *tx = txp;
  AME__NOTE_ACCESS(tx, name, site);
  return getauxval(AT_SECURE) ? NULL : ame__getenv(tx, name);
}
