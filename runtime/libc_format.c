/*===- libc_format.c - printf-style formatting inside transactions --------===
 *
 * vsnprintf and vsprintf, and the snprintf and sprintf calls the pass cannot
 * give a private buffer of constant size, run here. Each conversion of the
 * format is formatted alone by the C library's snprintf into a private
 * buffer, from private copies of the strings it prints (read through
 * barriers); the result goes to the program's buffer through write
 * barriers, and %n's count through one. So a block that formats text (a
 * logging helper, a string builder such as utstring_printf or
 * sdscatprintf) runs beside other transactions instead of alone, and again
 * after an abort like any computation. A format this walker does not take
 * apart (positional arguments, wide characters, an unknown conversion)
 * makes the transaction serial at the call's site, where the C library's
 * function runs as it is.
 *
 * Formatting a conversion alone prints what the whole format would: each
 * conversion's output depends only on its own specification and argument
 * (and the locale, which the C library owns).
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE /* vasprintf */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* glibc's checking functions (the _FORTIFY_SOURCE variants call them). */
extern void __chk_fail(void) __attribute__((noreturn));
extern int __vsprintf_chk(char *s, int flag, size_t slen, const char *format,
                          va_list ap);
extern int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen,
                           const char *format, va_list ap);

enum ame__len {
  AME__LEN_INT,
  AME__LEN_L,
  AME__LEN_LL,
  AME__LEN_J,
  AME__LEN_Z,
  AME__LEN_T,
  AME__LEN_LD,
  AME__LEN_HH,
  AME__LEN_H
};

/* One conversion: the text from '%' to its conversion character. */
struct ame__conv {
  const char *start, *end; /* [start, end) of the format        */
  int star_width, star_prec;
  int prec; /* -1: none; -2: taken from a '*'     */
  enum ame__len len;
  char conv;
};

/* Parses the conversion whose '%' is at f; 0 if this walker does not take
 * it apart. */
static int ame__parse_conv(const char *f, struct ame__conv *c) {
  const char *p = f + 1;
  *c = (struct ame__conv){.start = f, .prec = -1};
  while (*p && strchr("-+ #0'I", *p))
    p++;
  if (*p == '*') {
    c->star_width = 1;
    p++;
  } else {
    while (*p >= '0' && *p <= '9')
      p++;
  }
  if (*p == '$')
    return 0; /* positional arguments */
  if (*p == '.') {
    p++;
    if (*p == '*') {
      c->star_prec = 1;
      c->prec = -2;
      p++;
    } else {
      int v = 0;
      while (*p >= '0' && *p <= '9') {
        if (v < INT_MAX / 10)
          v = v * 10 + (*p - '0');
        p++;
      }
      c->prec = v;
    }
    if (*p == '$')
      return 0;
  }
  switch (*p) {
  case 'h':
    c->len = p[1] == 'h' ? AME__LEN_HH : AME__LEN_H;
    p += p[1] == 'h' ? 2 : 1;
    break;
  case 'l':
    c->len = p[1] == 'l' ? AME__LEN_LL : AME__LEN_L;
    p += p[1] == 'l' ? 2 : 1;
    break;
  case 'q':
    c->len = AME__LEN_LL;
    p++;
    break;
  case 'j':
    c->len = AME__LEN_J;
    p++;
    break;
  case 'z':
  case 'Z':
    c->len = AME__LEN_Z;
    p++;
    break;
  case 't':
    c->len = AME__LEN_T;
    p++;
    break;
  case 'L':
    c->len = AME__LEN_LD;
    p++;
    break;
  }
  c->conv = *p;
  c->end = p + 1;
  if (!*p || !strchr("diouxXcspneEfFgGaA%m", *p))
    return 0;
  /* Wide characters and strings (%lc, %ls) depend on the locale's
   * multibyte conversion state: left to the C library. */
  if ((*p == 'c' || *p == 's') && c->len == AME__LEN_L)
    return 0;
  return 1;
}

/* Every conversion of fmt can be taken apart. */
static int ame__format_known(const char *fmt) {
  for (const char *p = fmt; (p = strchr(p, '%'));) {
    struct ame__conv c;
    if (!ame__parse_conv(p, &c))
      return 0;
    p = c.end;
  }
  return 1;
}

/* The conversion as a format of its own, its '*'s replaced by the values
 * taken from the arguments (a negative precision drops it, as C says). */
static void ame__conv_spec(const struct ame__conv *c, int width, int prec,
                           char *spec, size_t size) {
  size_t n = 0;
  for (const char *p = c->start; p < c->end && n + 16 < size; p++) {
    if (*p == '*' && p[-1] == '.') {
      if (prec >= 0)
        n += (size_t)snprintf(spec + n, size - n, "%d", prec);
      continue;
    }
    if (*p == '.' && p[1] == '*' && prec < 0)
      continue;
    if (*p == '*') {
      n += (size_t)snprintf(spec + n, size - n, "%d", width);
      continue;
    }
    spec[n++] = *p;
  }
  spec[n] = 0;
}

/* Appends the conversion of v by spec to out (bytes in out->len). */
#define AME__APPEND(out, spec, v)                                              \
  do {                                                                         \
    for (;;) {                                                                 \
      size_t room_ = (out)->cap - (out)->len;                                  \
      int r_ = snprintf((char *)(out)->base + (out)->len, room_, spec, v);     \
      if (r_ < 0)                                                              \
        return -1;                                                             \
      if ((size_t)r_ < room_) {                                                \
        (out)->len += (size_t)r_;                                              \
        break;                                                                 \
      }                                                                        \
      ame__buf_reserve(out, (out)->len + (size_t)r_ + 1);                      \
    }                                                                          \
  } while (0)

/* The integer argument of an integer conversion, by its length modifier. */
#define AME__APPEND_INT(out, spec, c, ap, S, J)                                \
  do {                                                                         \
    switch ((c)->len) {                                                        \
    case AME__LEN_L:                                                           \
      AME__APPEND(out, spec, va_arg(ap, S long));                              \
      break;                                                                   \
    case AME__LEN_LL:                                                          \
    case AME__LEN_LD:                                                          \
      AME__APPEND(out, spec, va_arg(ap, S long long));                         \
      break;                                                                   \
    case AME__LEN_J:                                                           \
      AME__APPEND(out, spec, va_arg(ap, J));                                   \
      break;                                                                   \
    case AME__LEN_Z:                                                           \
      AME__APPEND(out, spec, va_arg(ap, size_t));                              \
      break;                                                                   \
    case AME__LEN_T:                                                           \
      AME__APPEND(out, spec, va_arg(ap, ptrdiff_t));                           \
      break;                                                                   \
    default: /* int, and char and short promoted to it */                      \
      AME__APPEND(out, spec, va_arg(ap, S int));                               \
      break;                                                                   \
    }                                                                          \
  } while (0)

/* Formats fmt (a private copy) with ap into out; -1 on an error of the C
 * library's (errno says which). */
static int ame__format(struct __ame_tx *tx, struct ame__buf *out,
                       const char *fmt, va_list ap) {
  out->len = 0;
  ame__buf_reserve(out, 256);
  for (const char *p = fmt; *p;) {
    const char *pct = strchr(p, '%');
    size_t lit = pct ? (size_t)(pct - p) : strlen(p);
    ame__buf_reserve(out, out->len + lit + 1);
    memcpy((char *)out->base + out->len, p, lit);
    out->len += lit;
    if (!pct)
      break;
    struct ame__conv c;
    ame__parse_conv(pct, &c); /* ame__format_known accepted it */
    p = c.end;
    int width = c.star_width ? va_arg(ap, int) : 0;
    int prec = c.star_prec ? va_arg(ap, int) : c.prec;
    char spec[64];
    ame__conv_spec(&c, width, prec, spec, sizeof spec);
    switch (c.conv) {
    case 'd':
    case 'i':
      AME__APPEND_INT(out, spec, &c, ap, , intmax_t);
      break;
    case 'o':
    case 'u':
    case 'x':
    case 'X':
      AME__APPEND_INT(out, spec, &c, ap, unsigned, uintmax_t);
      break;
    case 'c':
      AME__APPEND(out, spec, va_arg(ap, int));
      break;
    case 'p':
      AME__APPEND(out, spec, va_arg(ap, void *));
      break;
    case 's': {
      const char *s = va_arg(ap, const char *);
      /* At most the precision's bytes: the array need not end in a NUL. */
      if (s)
        s = ame__copy_string(tx, 1, s, prec >= 0 ? (size_t)prec : SIZE_MAX);
      AME__APPEND(out, spec, s);
      break;
    }
    case 'n': {
      void *dst = va_arg(ap, void *);
      uint64_t count = out->len;
      size_t n = c.len == AME__LEN_HH    ? 1
                 : c.len == AME__LEN_H   ? 2
                 : c.len == AME__LEN_INT ? 4
                                         : 8;
      ame__write_range(tx, dst, &count, n); /* little-endian low bytes */
      break;
    }
    case '%':
    case 'm': /* strerror(errno): errno is the thread's own */
      AME__APPEND(out, spec, 0);
      break;
    default: /* floating point */
      if (c.len == AME__LEN_LD)
        AME__APPEND(out, spec, va_arg(ap, long double));
      else
        AME__APPEND(out, spec, va_arg(ap, double));
      break;
    }
  }
  if (out->len > INT_MAX) {
    errno = EOVERFLOW;
    return -1;
  }
  return (int)out->len;
}

/* size: SIZE_MAX for the sprintf forms; objsize: the buffer's size that the
 * _chk forms were given, else SIZE_MAX. */
static int ame__vsnprintf(struct __ame_tx *tx, char *buf, size_t size,
                          size_t objsize, const void *site, const char *fmt,
                          va_list ap) {
  if (size != SIZE_MAX && size > objsize)
    __chk_fail();
  const char *copy = ame__copy_string(tx, 0, fmt, SIZE_MAX);
  if (!ame__format_known(copy)) {
    __ame_irrevocable_v2(tx, (void *)site);
    if (objsize == SIZE_MAX)
      return size == SIZE_MAX ? vsprintf(buf, fmt, ap)
                              : vsnprintf(buf, size, fmt, ap);
    return size == SIZE_MAX ? __vsprintf_chk(buf, 0, objsize, fmt, ap)
                            : __vsnprintf_chk(buf, size, 0, objsize, fmt, ap);
  }
  struct ame__buf *out = &tx->format_out;
  int n = ame__format(tx, out, copy, ap);
  if (size == 0)
    return n;
  /* A failed conversion (EOVERFLOW) still leaves, as in glibc, the text
   * produced before it, terminated. */
  size_t made = n < 0 ? out->len : (size_t)n;
  size_t keep = made < size - 1 ? made : size - 1;
  if (keep + 1 > objsize)
    __chk_fail();
  ((char *)out->base)[keep] = 0;
  ame__write_range(tx, buf, out->base, keep + 1);
  return n;
}

/* asprintf: the text in a block allocated as by malloc (released if the
 * transaction aborts), its address stored through a barrier. */
static int ame__vasprintf(struct __ame_tx *tx, char **strp, const void *site,
                          const char *fmt, va_list ap) {
  const char *copy = ame__copy_string(tx, 0, fmt, SIZE_MAX);
  if (!ame__format_known(copy)) {
    __ame_irrevocable_v2(tx, (void *)site);
    return vasprintf(strp, fmt, ap);
  }
  struct ame__buf *out = &tx->format_out;
  int n = ame__format(tx, out, copy, ap);
  if (n < 0)
    return n;
  char *p = __ame_malloc(tx, (size_t)n + 1);
  if (!p)
    return -1;
  /* The transaction's own block: written in place. */
  memcpy(p, out->base, (size_t)n);
  p[n] = 0;
  ame__write_range(tx, strp, &p, sizeof p);
  return n;
}

/* The site of these calls names them for serial mode; their accesses are
 * the profiler's unknown code, not whatever barrier noted its site last. */
AME__EXPORT uint32_t __ame_vasprintf(void *tx, void *site, void *strp,
                                     void *fmt, void *ap) {
  AME__NOTE_ACCESS((struct __ame_tx *)tx, strp, NULL);
  return (uint32_t)ame__vasprintf(tx, strp, site, fmt, *(va_list *)ap);
}

AME__EXPORT uint32_t __ame_asprintf(void *tx, void *site, void *strp, void *fmt,
                                    ...) {
  AME__NOTE_ACCESS((struct __ame_tx *)tx, strp, NULL);
  va_list ap;
  va_start(ap, fmt);
  int n = ame__vasprintf(tx, strp, site, fmt, ap);
  va_end(ap);
  return (uint32_t)n;
}

AME__EXPORT uint32_t __ame_vsnprintf(void *tx, void *buf, size_t size,
                                     size_t objsize, void *site, void *fmt,
                                     void *ap) {
  AME__NOTE_ACCESS((struct __ame_tx *)tx, buf, NULL);
  /* On x86-64 a va_list is an array of one __va_list_tag, passed as a
   * pointer to it. */
  return (uint32_t)ame__vsnprintf(tx, buf, size, objsize, site, fmt,
                                  *(va_list *)ap);
}

AME__EXPORT uint32_t __ame_snprintf(void *tx, void *buf, size_t size,
                                    size_t objsize, void *site, void *fmt,
                                    ...) {
  AME__NOTE_ACCESS((struct __ame_tx *)tx, buf, NULL);
  va_list ap;
  va_start(ap, fmt);
  int n = ame__vsnprintf(tx, buf, size, objsize, site, fmt, ap);
  va_end(ap);
  return (uint32_t)n;
}
