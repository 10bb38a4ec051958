/*===- flags.c - Runtime flags from the environment -----------------------===
 *
 * One list (flags.def) gives the fields, the defaults, the environment
 * variables and the AME_HELP=1 text, so they cannot drift apart.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

struct ame__flags ame__flags = {
#define AME_FLAG(name, env, type, def, help) .name = def,
#include "flags.def"
#undef AME_FLAG
};

static void ame__parse_flag(const char *s, const char **out) { *out = s; }

static void ame__parse_flag_long(const char *s, long *out) {
  char *end;
  long v = strtol(s, &end, 0);
  if (end == s || *end)
    fprintf(stderr, "ame: ignoring malformed number '%s'\n", s);
  else
    *out = v;
}

#define ame__parse(s, out)                                                     \
  _Generic((out), long *: ame__parse_flag_long, const char **: ame__parse_flag)(s, out)

static void ame__print_flag_long(const char *env, long v, const char *help) {
  fprintf(stderr, "  %-16s %-6ld %s\n", env, v, help);
}

static void ame__print_flag_str(const char *env, const char *v,
                                const char *help) {
  fprintf(stderr, "  %-16s %-6s %s\n", env, *v ? v : "\"\"", help);
}

#define ame__print(env, v, help)                                               \
  _Generic((v), long: ame__print_flag_long, const char *: ame__print_flag_str)( \
      env, v, help)

void ame__flags_init(void) {
  const char *s;
#define AME_FLAG(name, env, type, def, help)                                   \
  if ((s = getenv(#env)) && *s)                                                \
    ame__parse(s, &ame__flags.name);
#include "flags.def"
#undef AME_FLAG
  /* memcheck checks a block only if it comes from the C library's
   * allocator, which memcheck replaces. */
  if (!((s = getenv("AME_BLOCK_CACHE")) && *s) &&
      ame__under_valgrind("memcheck"))
    ame__flags.block_cache = 0;
  if (ame__flags.help) {
    fprintf(stderr,
            "ame: runtime flags (environment, current value, meaning)\n");
#define AME_FLAG(name, env, type, def, help)                                   \
  ame__print(#env, ame__flags.name, help);
#include "flags.def"
#undef AME_FLAG
  }
}
