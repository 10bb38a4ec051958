/*===- libc_numbers.c - String-to-number conversions inside transactions --===
 *
 * strtol, atoi, strtod and the rest read a string of the program's and
 * otherwise only the locale (the C library's own). The pass passes them a
 * private copy of the part of the string they can read, made here through
 * read barriers, so they run as they are, beside other transactions, and run
 * again after an abort like any computation. The copy stops at the first
 * character no conversion accepts, so a number at the start of a long text
 * costs the number's length, not the text's.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

static int ame__space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

AME__EXPORT void *__ame_number_prefix(void *txp, void *s) {
  struct __ame_tx *tx = txp;
  const char *point = localeconv()->decimal_point;
  struct ame__buf *b = &tx->number_copy;
  size_t len = 0;
  int in_number = 0;
  for (const char *p = s;;) {
    /* A line at a time: reading up to the end of the line never crosses
     * into memory the string does not share a line with. */
    size_t room = AME__LINE - ((uintptr_t)p & (AME__LINE - 1));
    if (b->cap < len + room + 1) {
      size_t cap = b->cap ? 2 * b->cap : 4096;
      while (cap < len + room + 1)
        cap *= 2;
      void *nb = ame__map(cap);
      if (b->base) {
        memcpy(nb, b->base, len);
        munmap(b->base, b->cap);
      }
      b->base = nb;
      b->cap = cap;
    }
    char *dst = (char *)b->base + len;
    ame__read_seg(tx, dst, p, room);
    for (size_t i = 0; i < room; i++) {
      unsigned char c = (unsigned char)dst[i];
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
