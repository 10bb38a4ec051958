/*===- preinit.c - libame's work before any library's constructor ---------===
 *
 * In libame.a only (shared objects may not have a .preinit_array; the
 * AddressSanitizer runtime has no range and so no entries to set up). A
 * program's preinit functions run before the constructors of the shared
 * libraries it loads at start, and those constructors may already free,
 * resize or measure memory through libame's entries (line_heap.c): a
 * library reading a file with getline, sizing a buffer with
 * malloc_usable_size, under a preloaded allocator whose pointers glibc's
 * free would not know. The program's own constructors, libame's among them,
 * run only after all of those.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

static void ame__preinit(void) { ame__heap_next_resolve(); }

__attribute__((section(".preinit_array"),
               used)) static void (*const ame__preinit_entry)(void) =
    ame__preinit;
