/*===- line_heap.c - Small line-aligned blocks, back to back ---------------===
 *
 * Atomic blocks allocate whole lines (alloc.c). posix_memalign gives a block
 * of one or two lines a chunk of 128 or 256 bytes: glibc's 16-byte header
 * and the split around an aligned block leave half of it unused, so a
 * structure built in atomic blocks spread over twice the cache lines, TLB
 * entries and lock words of the same structure built by malloc (yada in
 * bench/shapes.c: 2.5 times the uninstrumented time, 1.7 times with blocks
 * side by side).
 *
 * So blocks of 1 to AME__CACHED_LINES lines come from one reserved range,
 * carved back to back in 64 KiB pieces that each hold one size; a table
 * gives each piece's size. The program may free such a block outside any
 * atomic block, resize it or ask its size, so libame defines free, realloc
 * and malloc_usable_size: a pointer inside the range is handled here, any
 * other goes to the definition the process would otherwise use (the next
 * one, found with dlsym, so a preloaded allocator keeps its pointers). The
 * range is used only when those three names resolve to libame's
 * definitions: a shared library built with ame-cc, loaded by a program that
 * C library functions come before, keeps posix_memalign, since the
 * program's own free would get the blocks.
 *
 * Blocks freed outside the range's lists' owner (plain free, blocks a
 * thread's cache has no room for, blocks of an aborted attempt) go to one
 * list per size under a lock; alloc.c locks their lines with a
 * compare-and-swap, as it does glibc's (only blocks a commit reclaimed,
 * kept in the thread's own cache, take the plain store).
 *
 * Not under AddressSanitizer: its runtime defines the same names, and
 * every block has to reach it to be checked.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "internal.h"

#include <dlfcn.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef AME__ASAN

static uintptr_t ame__heap_lo;
static uintptr_t ame__heap_span; /* 0: posix_memalign for every block */

#define AME__HEAP_BYTES (1ull << 34)
#define AME__PIECE_SHIFT 16
#define AME__PIECES (AME__HEAP_BYTES >> AME__PIECE_SHIFT)

/* Lines per block of each piece; 0 for a piece not carved yet. */
static uint8_t ame__piece_lines[AME__PIECES];
static uint64_t ame__heap_carved; /* bytes handed out as pieces */

static pthread_mutex_t ame__heap_lock = PTHREAD_MUTEX_INITIALIZER;
static void *ame__heap_free[AME__CACHED_LINES]; /* through the first word */

unsigned ame__heap_lines(const void *p) {
  uintptr_t span = __atomic_load_n(&ame__heap_span, __ATOMIC_ACQUIRE);
  uintptr_t off = (uintptr_t)p - ame__heap_lo;
  if (off >= span)
    return 0;
  return __atomic_load_n(&ame__piece_lines[off >> AME__PIECE_SHIFT],
                         __ATOMIC_RELAXED);
}

void ame__heap_release(void *p, unsigned lines) {
  pthread_mutex_lock(&ame__heap_lock);
  *(void **)p = ame__heap_free[lines - 1];
  ame__heap_free[lines - 1] = p;
  pthread_mutex_unlock(&ame__heap_lock);
}

void *ame__heap_alloc(struct __ame_tx *tx, size_t bytes) {
  size_t lines = bytes / AME__LINE;
  if (!ame__heap_span || lines > AME__CACHED_LINES)
    return NULL;
  if (__atomic_load_n(&ame__heap_free[lines - 1], __ATOMIC_RELAXED)) {
    pthread_mutex_lock(&ame__heap_lock);
    void *p = ame__heap_free[lines - 1];
    if (p)
      ame__heap_free[lines - 1] = *(void **)p;
    pthread_mutex_unlock(&ame__heap_lock);
    if (p)
      return p;
  }
  char *p = tx->carve[lines - 1];
  if (!p || (size_t)(tx->carve_end[lines - 1] - p) < bytes) {
    uint64_t piece = 1ull << AME__PIECE_SHIFT;
    uint64_t off =
        __atomic_fetch_add(&ame__heap_carved, piece, __ATOMIC_RELAXED);
    if (off + piece > ame__heap_span)
      return NULL;
    __atomic_store_n(&ame__piece_lines[off >> AME__PIECE_SHIFT], (uint8_t)lines,
                     __ATOMIC_RELAXED);
    p = (char *)(ame__heap_lo + off);
    /* The tail that no whole block fits in stays unused. */
    tx->carve_end[lines - 1] = p + piece - piece % bytes;
  }
  tx->carve[lines - 1] = p + bytes;
  return p;
}

/* fork.c: no list is half updated in the child. */
void ame__heap_fork_lock(void) { pthread_mutex_lock(&ame__heap_lock); }
void ame__heap_fork_unlock(void) { pthread_mutex_unlock(&ame__heap_lock); }

/*--- The C library's entries ---------------------------------------------*/

struct ame__next_alloc {
  void (*free)(void *);
  void *(*realloc)(void *, size_t);
  size_t (*usable)(void *);
};
extern void __libc_free(void *);
static void *ame__realloc_unresolved(void *p, size_t size);
static size_t ame__usable_unresolved(void *p);
/* Until ame__heap_next_resolve has run. free takes glibc's own: dlsym
 * cannot be called from free, since dlsym frees its previous error message
 * with free, and a nested dlsym would free it a second time. The others
 * look the next definitions up at their first call (a library's
 * constructor may run before libame.so's). */
static struct ame__next_alloc ame__next = {__libc_free, ame__realloc_unresolved,
                                           ame__usable_unresolved};

/* glibc's own names, for a static program, which has no dynamic symbols to
 * look up (libc.so does not export __malloc_usable_size). */
extern void *__libc_realloc(void *, size_t);
extern size_t __malloc_usable_size(void *) __attribute__((weak));

void ame__heap_next_resolve(void) {
  void *f = ame__next_definition("free", (void *)__libc_free);
  void *r = ame__next_definition("realloc", (void *)__libc_realloc);
  void *u =
      ame__next_definition("malloc_usable_size", (void *)__malloc_usable_size);
  if (!f || !r || !u)
    return;
  __atomic_store_n(&ame__next.usable, (size_t(*)(void *))u, __ATOMIC_RELAXED);
  __atomic_store_n(&ame__next.realloc, (void *(*)(void *, size_t))r,
                   __ATOMIC_RELAXED);
  __atomic_store_n(&ame__next.free, (void (*)(void *))f, __ATOMIC_RELAXED);
}
/* libame.so's, before its other constructors (libame.a's program has run
 * ame__heap_next_resolve already, from preinit.c). */
__attribute__((constructor(101))) static void ame__next_ctor(void) {
  ame__heap_next_resolve();
}

static struct ame__next_alloc ame__next_resolved(const char *name) {
  ame__heap_next_resolve();
  struct ame__next_alloc next;
  next.realloc = __atomic_load_n(&ame__next.realloc, __ATOMIC_RELAXED);
  next.usable = __atomic_load_n(&ame__next.usable, __ATOMIC_RELAXED);
  if (next.realloc == ame__realloc_unresolved) {
    static const char msg[] = "ame: the C library's free, realloc or "
                              "malloc_usable_size cannot be found; called: ";
    (void)!write(2, msg, sizeof msg - 1);
    (void)!write(2, name, strlen(name));
    (void)!write(2, "\n", 1);
    abort();
  }
  return next;
}
static void *ame__realloc_unresolved(void *p, size_t size) {
  return ame__next_resolved("realloc").realloc(p, size);
}
static size_t ame__usable_unresolved(void *p) {
  return ame__next_resolved("malloc_usable_size").usable(p);
}

static void ame__free_entry(void *p) {
  unsigned lines = ame__heap_lines(p);
  if (lines)
    ame__heap_release(p, lines);
  else
    __atomic_load_n(&ame__next.free, __ATOMIC_RELAXED)(p);
}

static void *ame__realloc_entry(void *p, size_t size) {
  unsigned lines = ame__heap_lines(p);
  if (!lines)
    return __atomic_load_n(&ame__next.realloc, __ATOMIC_RELAXED)(p, size);
  if (!size) {
    ame__heap_release(p, lines);
    return NULL;
  }
  size_t have = (size_t)lines * AME__LINE;
  if (size <= have)
    return p;
  void *q = malloc(size);
  if (!q)
    return NULL;
  memcpy(q, p, have);
  ame__heap_release(p, lines);
  return q;
}

static size_t ame__usable_entry(void *p) {
  unsigned lines = ame__heap_lines(p);
  return lines ? (size_t)lines * AME__LINE
               : __atomic_load_n(&ame__next.usable, __ATOMIC_RELAXED)(p);
}

/* Weak: a program that defines these itself (its own allocator, a test
 * counting frees) keeps its definitions, and the range stays unused. The C
 * library's reallocarray calls realloc through the program's definition, so
 * it needs none here (and one here would bypass a program's own realloc). */
AME__EXPORT void free(void *p) __attribute__((weak, alias("ame__free_entry")));
AME__EXPORT void *realloc(void *p, size_t size)
    __attribute__((weak, alias("ame__realloc_entry")));
AME__EXPORT size_t malloc_usable_size(void *p)
    __attribute__((weak, alias("ame__usable_entry")));

void ame__heap_init(void) {
  if (!ame__flags.block_cache ||
      dlsym(RTLD_DEFAULT, "free") != (void *)ame__free_entry ||
      dlsym(RTLD_DEFAULT, "realloc") != (void *)ame__realloc_entry ||
      dlsym(RTLD_DEFAULT, "malloc_usable_size") != (void *)ame__usable_entry)
    return;
  void *p = mmap(NULL, AME__HEAP_BYTES, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    return;
  madvise(p, AME__HEAP_BYTES, MADV_DONTDUMP);
  ame__heap_lo = (uintptr_t)p;
  __atomic_store_n(&ame__heap_span, AME__HEAP_BYTES, __ATOMIC_RELEASE);
}

#else /* AME__ASAN */

unsigned ame__heap_lines(const void *p) {
  (void)p;
  return 0;
}
void ame__heap_release(void *p, unsigned lines) {
  (void)p;
  (void)lines;
}
void *ame__heap_alloc(struct __ame_tx *tx, size_t bytes) {
  (void)tx;
  (void)bytes;
  return NULL;
}
void ame__heap_fork_lock(void) {}
void ame__heap_fork_unlock(void) {}
void ame__heap_init(void) {}

#endif
