/*===- libc_copies.c - Private copies of strings for C library calls -------===
 *
 * C library functions that read strings of the program and otherwise only
 * the locale (the C library's own) run as they are inside transactions on
 * private copies of those strings, made here through read barriers: string
 * searches (strspn, strstr, ...), comparisons by locale (strcoll) and
 * string-to-number conversions. They then run beside other transactions,
 * and again after an abort, like any computation. The pass maps a pointer
 * they return back into the program's string.
 *
 * A conversion's copy stops at the first character no conversion accepts,
 * so a number at the start of a long text costs the number's length, not
 * the text's.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <locale.h>
#include <stdint.h>
#include <string.h>

/* Characters a conversion may consume after leading white space: digits and
 * letters (hex digits, exponents, "inf", "nan(...)", bases up to 36), signs,
 * the decimal point and the parentheses and underscore of "nan(...)". */
static int ame__number_char(unsigned char c, const char *point) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
      (c >= 'A' && c <= 'Z'))
    return 1;
  if (c == '+' || c == '-' || c == '.' || c == '(' || c == ')' || c == '_')
    return 1;
  return c && strchr(point, c) != NULL;
}

/* Copies the string at s into b, through barriers, up to its NUL or, for a
 * number (point set), up to the first character no conversion accepts; max
 * bytes at most (the copy is then terminated). */
static char *ame__copy(struct __ame_tx *tx, struct ame__buf *b, const char *s,
                       const char *point, size_t max) {
  size_t len = 0;
  int in_number = 0;
  for (const char *p = s;;) {
    /* A line at a time: reading up to the end of the line never crosses
     * into memory the string does not share a line with (a page either).
     * AddressSanitizer would see the bytes after the terminator read: a
     * byte at a time there. */
#ifdef AME__ASAN
    size_t room = 1;
#else
    size_t room = AME__LINE - ((uintptr_t)p & (AME__LINE - 1));
#endif
    if (room > max - len)
      room = max - len;
    ame__buf_reserve(b, len + room + 1);
    char *dst = (char *)b->base + len;
    if (!room) {
      *dst = 0;
      return b->base;
    }
    ame__read_seg(tx, dst, p, room);
    for (size_t i = 0; i < room; i++) {
      unsigned char c = (unsigned char)dst[i];
      if (!point) {
        if (!c)
          return b->base;
        continue;
      }
      if (!in_number && ame__space(c))
        continue;
      in_number = 1;
      if (!ame__number_char(c, point)) {
        dst[i] = 0;
        return b->base;
      }
    }
    len += room;
    p += room;
  }
}

AME__EXPORT void *__ame_number_prefix(void *txp, void *s, void *site) {
  struct __ame_tx *tx = txp;
  AME__NOTE_ACCESS(tx, s, site);
  return ame__copy(tx, &tx->string_copy[0], s, localeconv()->decimal_point,
                   SIZE_MAX);
}

char *ame__copy_string(struct __ame_tx *tx, unsigned slot, const char *s,
                       size_t max) {
  return ame__copy(tx, &tx->string_copy[slot & 1], s, NULL, max);
}

AME__EXPORT void *__ame_string_copy(void *txp, void *s, uint32_t slot,
                                    void *site) {
  AME__NOTE_ACCESS((struct __ame_tx *)txp, s, site);
  return ame__copy_string(txp, slot, s, SIZE_MAX);
}

AME__EXPORT void *__ame_string_copy_n(void *txp, void *s, uint32_t slot,
                                      size_t n, void *site) {
  AME__NOTE_ACCESS((struct __ame_tx *)txp, s, site);
  return ame__copy_string(txp, slot, s, n);
}

/* Bytes, not a string: a search for bytes in bytes (memmem) reads exactly
 * n of them, NULs included. */
AME__EXPORT void *__ame_range_copy(void *txp, void *p, uint32_t slot, size_t n,
                                   void *site) {
  struct __ame_tx *tx = txp;
  AME__NOTE_ACCESS(tx, p, site);
  struct ame__buf *b = &tx->string_copy[slot & 1];
  ame__buf_reserve(b, n ? n : 1);
  ame__read_range(tx, b->base, p, n);
  return b->base;
}

/* Tokenizers write into the string they split: the split is found on
 * private copies (slot 0 the delimiters, slot 1 the string), then the
 * terminator and the saved position are written through barriers. The
 * string is copied only as far as the token (doubling the copy until it
 * holds the token's end), so splitting a long string stays linear.
 * Returns whether a delimiter (rather than the terminator) ends it. */
static int ame__token(struct __ame_tx *tx, const char *p, const char *d,
                      int skip, size_t *start, size_t *end) {
  for (size_t max = 64;; max *= 2) {
    const char *c = ame__copy_string(tx, 1, p, max);
    size_t len = strlen(c);
    *start = skip ? strspn(c, d) : 0;
    *end = *start + strcspn(c + *start, d);
    if (*end < len)
      return 1;
    if (len < max)
      return 0;
  }
}

AME__EXPORT void *__ame_strtok_r(void *txp, void *s, void *delim, void *save,
                                 void *site) {
  struct __ame_tx *tx = txp;
  AME__NOTE_ACCESS(tx, s, site);
  char *p = s;
  if (!p)
    ame__read_seg(tx, &p, save, sizeof p);
  const char *d = ame__copy_string(tx, 0, delim, SIZE_MAX);
  size_t start, end;
  int delimited = ame__token(tx, p, d, 1, &start, &end);
  char *tok = start == end ? NULL : p + start, *next = p + end;
  if (delimited) {
    ame__write_range(tx, next, "", 1);
    next++;
  }
  ame__write_range(tx, save, &next, sizeof next);
  return tok;
}

AME__EXPORT void *__ame_strsep(void *txp, void *stringp, void *delim,
                               void *site) {
  struct __ame_tx *tx = txp;
  AME__NOTE_ACCESS(tx, stringp, site);
  char *p;
  ame__read_seg(tx, &p, stringp, sizeof p);
  if (!p)
    return NULL;
  const char *d = ame__copy_string(tx, 0, delim, SIZE_MAX);
  size_t start, end;
  char *next = NULL;
  if (ame__token(tx, p, d, 0, &start, &end)) {
    ame__write_range(tx, p + end, "", 1);
    next = p + end + 1;
  }
  ame__write_range(tx, stringp, &next, sizeof next);
  return p;
}

/* The new block is the transaction's own allocation (released if it
 * aborts), so the copy is written in place. */
static void *ame__dup(struct __ame_tx *tx, const char *s, size_t max) {
  const char *copy = ame__copy(tx, &tx->string_copy[0], s, NULL, max);
  size_t n = strlen(copy) + 1;
  char *p = __ame_malloc(tx, n);
  if (p)
    memcpy(p, copy, n);
  return p;
}

/* Also clones of strdup and strndup (clones.c), called through pointers
 * without a site: the reads are the profiler's unknown code, not whatever
 * barrier noted its site last. */
AME__EXPORT void *__ame_strdup(void *tx, void *s) {
  AME__NOTE_ACCESS((struct __ame_tx *)tx, s, NULL);
  return ame__dup(tx, s, SIZE_MAX);
}

AME__EXPORT void *__ame_strndup(void *tx, void *s, size_t n) {
  AME__NOTE_ACCESS((struct __ame_tx *)tx, s, NULL);
  return ame__dup(tx, s, n);
}
