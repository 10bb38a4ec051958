/*===- next_definition.c - The definition libame stands in front of -------===
 *
 * libame defines some C library functions (sigaction, longjmp, free, ...)
 * and passes each call on to the definition the process would otherwise
 * use. dlsym(RTLD_NEXT) finds that one when libame comes before the C
 * library in the search order: a program built with ame-cc contains libame,
 * and libame.so is loaded before libc when it is a dependency of the
 * program's own. A program built without ame-cc that links a library built
 * with it at start has libc first and libame.so after it, so RTLD_NEXT
 * finds nothing there; the C library's definition is the one that program's
 * calls reach, so it is the one to pass on to. A static program has no
 * dynamic symbols at all: the caller's fallback, glibc's own name for the
 * function, is the definition.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "internal.h"

#include <dlfcn.h>
#include <gnu/lib-names.h>

void *ame__next_definition(const char *name, void *static_fallback) {
  void *definition = dlsym(RTLD_NEXT, name);
  if (definition)
    return definition;
  void *libc = dlopen(LIBC_SO, RTLD_LAZY | RTLD_NOLOAD);
  if (!libc)
    return static_fallback;
  definition = dlsym(libc, name);
  dlclose(libc);
  return definition;
}
