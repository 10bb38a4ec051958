/*===- libc_scan.c - sscanf inside transactions ---------------------------===
 *
 * sscanf and vsscanf run here: the input and the format are read through
 * barriers into private copies, each directive of the format is matched
 * alone by the C library's sscanf against the rest of the input (with %n
 * saying how much it consumed), into a private temporary, and each value
 * goes to the program's variable through write barriers. So a block that
 * parses text (cJSON checks every number it prints with sscanf) runs
 * beside other transactions, its results are undone by an abort like any
 * write, and the variables may be anywhere: locals outside the block,
 * shared memory. A format this walker does not take apart (positional
 * arguments, allocating %ms, wide characters) makes the transaction serial
 * at the call's site, where the C library's function runs as it is.
 *
 * Matching directives one at a time consumes what the whole format would:
 * scanf reads its input strictly left to right, one directive after the
 * other, and no directive looks at what a previous one matched.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* One conversion: the text from '%' to its end, and what it stores. */
struct ame__scan_conv {
  const char *start, *end;
  int suppress; /* '*': matched, not stored */
  int width;    /* 0: none */
  char len;     /* 'H' hh, 'h', 'l', 'q' ll, 'L', 'j', 'z', 't', 0 none */
  char conv;
};

static int ame__scan_parse(const char *f, struct ame__scan_conv *c) {
  const char *p = f + 1;
  *c = (struct ame__scan_conv){.start = f};
  if (*p == '*') {
    c->suppress = 1;
    p++;
  }
  while (*p >= '0' && *p <= '9') {
    if (c->width < 1 << 24)
      c->width = c->width * 10 + (*p - '0');
    p++;
  }
  if (*p == '$' || *p == 'm' || *p == 'a')
    return 0; /* positional, or an allocating form (%ms, GNU %as) */
  switch (*p) {
  case 'h':
    c->len = p[1] == 'h' ? 'H' : 'h';
    p += p[1] == 'h' ? 2 : 1;
    break;
  case 'l':
    c->len = p[1] == 'l' ? 'q' : 'l';
    p += p[1] == 'l' ? 2 : 1;
    break;
  case 'q':
  case 'L':
  case 'j':
  case 'z':
  case 't':
    c->len = *p == 'L' ? 'L' : *p == 'q' ? 'q' : *p;
    p++;
    break;
  }
  c->conv = *p;
  if (!*p || !strchr("diouxXnfFeEgGaAspc[%", *p))
    return 0;
  if (c->len == 'l' && strchr("sc[", *p))
    return 0; /* wide characters */
  if (*p == '[') {
    p++;
    if (*p == '^')
      p++;
    if (*p == ']')
      p++;
    while (*p && *p != ']')
      p++;
    if (!*p)
      return 0;
  }
  c->end = p + 1;
  return 1;
}

static int ame__scan_known(const char *fmt) {
  for (const char *p = fmt; (p = strchr(p, '%'));) {
    struct ame__scan_conv c;
    if (!ame__scan_parse(p, &c))
      return 0;
    p = c.end;
  }
  return 1;
}

/* Bytes a stored conversion writes, given what sscanf put in tmp and the
 * input it consumed. */
static size_t ame__scan_size(const struct ame__scan_conv *c, const char *tmp,
                             size_t consumed) {
  switch (c->conv) {
  case 's':
  case '[':
    return strlen(tmp) + 1;
  case 'c':
    /* %c skips no space: it stores what it consumed, fewer than its width
     * where the input ends (the C library leaves the rest as it was). */
    return consumed;
  case 'p':
    return sizeof(void *);
  case 'f':
  case 'F':
  case 'e':
  case 'E':
  case 'g':
  case 'G':
  case 'a':
  case 'A':
    /* A long double stores its 10 bytes of x87 value, not the padding
     * after them, which the C library leaves as it was. */
    return c->len == 'L' ? 10 : c->len == 'l' ? sizeof(double) : sizeof(float);
  }
  switch (c->len) { /* integers and %n */
  case 'H':
    return 1;
  case 'h':
    return 2;
  case 0:
    return sizeof(int);
  default:
    return 8; /* long, long long, intmax_t, size_t, ptrdiff_t (LP64) */
  }
}

static int ame__vsscanf(struct __ame_tx *tx, const void *site, const char *str,
                        const char *fmt, va_list ap) {
  const char *f = ame__copy_string(tx, 0, fmt, SIZE_MAX);
  if (!ame__scan_known(f)) {
    __ame_irrevocable_v2(tx, (void *)site);
    return vsscanf(str, fmt, ap);
  }
  const char *in = ame__copy_string(tx, 1, str, SIZE_MAX);
  size_t len = strlen(in), pos = 0;
  struct ame__buf *tmp = &tx->format_out;
  ame__buf_reserve(tmp, len + 64);
  int stored = 0;
  for (const char *p = f; *p;) {
    if (ame__space((unsigned char)*p)) {
      while (ame__space((unsigned char)*p))
        p++;
      while (ame__space((unsigned char)in[pos]))
        pos++;
      continue;
    }
    if (*p != '%') {
      /* The input ended before anything was stored: glibc's EOF, also
       * after suppressed conversions. */
      if (!in[pos] && !stored)
        return EOF;
      if (in[pos] != *p)
        break; /* a matching failure */
      pos++;
      p++;
      continue;
    }
    struct ame__scan_conv c;
    ame__scan_parse(p, &c); /* ame__scan_known accepted it */
    p = c.end;
    char spec[64];
    size_t n = (size_t)(c.end - c.start);
    if (n + 3 > sizeof spec) {
      /* A long %[...] set: only the copy's length limits it. */
      ame__buf_reserve(tmp, len + n + 64);
    }
    char *sp = n + 3 <= sizeof spec ? spec : (char *)tmp->base + len + 1;
    memcpy(sp, c.start, n);
    memcpy(sp + n, "%n", 3);
    if (c.conv == 'n') {
      if (!c.suppress) {
        uint64_t count = pos;
        ame__write_range(tx, va_arg(ap, void *), &count,
                         ame__scan_size(&c, NULL, 0));
      }
      continue;
    }
    int used = -1;
    int stores = !c.suppress && c.conv != '%';
    int r = stores ? sscanf(in + pos, sp, tmp->base, &used)
                   : sscanf(in + pos, sp, &used);
    if (r == EOF && !stored)
      return EOF; /* the input ended before anything was stored */
    if (used < 0)
      break; /* nothing matched: a matching or input failure */
    pos += (size_t)used;
    if (!stores)
      continue;
    ame__write_range(tx, va_arg(ap, void *), tmp->base,
                     ame__scan_size(&c, tmp->base, (size_t)used));
    stored++;
  }
  return stored;
}

/* As for the format functions (libc_format.c): the site is for serial
 * mode, the accesses are unknown code to the profiler. */
AME__EXPORT uint32_t __ame_vsscanf(void *tx, void *site, void *str, void *fmt,
                                   void *ap) {
  AME__NOTE_ACCESS((struct __ame_tx *)tx, str, NULL);
  /* On x86-64 a va_list is an array of one __va_list_tag, passed as a
   * pointer to it. */
  return (uint32_t)ame__vsscanf(tx, site, str, fmt, *(va_list *)ap);
}

AME__EXPORT uint32_t __ame_sscanf(void *tx, void *site, void *str, void *fmt,
                                  ...) {
  AME__NOTE_ACCESS((struct __ame_tx *)tx, str, NULL);
  va_list ap;
  va_start(ap, fmt);
  int r = ame__vsscanf(tx, site, str, fmt, ap);
  va_end(ap);
  return (uint32_t)r;
}
