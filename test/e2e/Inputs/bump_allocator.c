/* A minimal malloc family: blocks come from a fixed arena, bottom up, and
 * are never reused; each has its size in front. It stops the program when
 * asked about a pointer it did not hand out, which is what the tests that
 * preload it or link it watch for: a call meant for it that reached another
 * allocator, or the reverse. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ARENA_BYTES (256u << 20)
static _Alignas(4096) char arena[ARENA_BYTES];
static size_t arena_top;

static void *take(size_t align, size_t size) {
  if (align < 16)
    align = 16;
  if (size > ARENA_BYTES) {
    errno = ENOMEM;
    return NULL;
  }
  size_t span = (size + align + sizeof(size_t) + 15) & ~(size_t)15;
  size_t at = __atomic_fetch_add(&arena_top, span, __ATOMIC_RELAXED);
  if (at + span > ARENA_BYTES) {
    errno = ENOMEM;
    return NULL;
  }
  uintptr_t block = ((uintptr_t)(arena + at) + sizeof(size_t) + align - 1) &
                    ~(uintptr_t)(align - 1);
  ((size_t *)block)[-1] = size;
  return (void *)block;
}

static size_t size_of(void *p) {
  if ((char *)p < arena || (char *)p >= arena + ARENA_BYTES) {
    static const char msg[] = "bump allocator: asked about a pointer it did "
                              "not hand out\n";
    (void)!write(2, msg, sizeof msg - 1);
    abort();
  }
  return ((size_t *)p)[-1];
}

void *malloc(size_t size) { return take(16, size); }
void free(void *p) {
  if (p)
    (void)size_of(p);
}
/* The arena starts zeroed and is never reused. */
void *calloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) {
    errno = ENOMEM;
    return NULL;
  }
  return take(16, n * size);
}
void *realloc(void *p, size_t size) {
  if (!p)
    return malloc(size);
  size_t had = size_of(p);
  if (size <= had)
    return p;
  void *q = malloc(size);
  if (q)
    memcpy(q, p, had);
  return q;
}
int posix_memalign(void **out, size_t align, size_t size) {
  void *p = take(align, size);
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}
void *aligned_alloc(size_t align, size_t size) { return take(align, size); }
void *memalign(size_t align, size_t size) { return take(align, size); }
size_t malloc_usable_size(void *p) { return p ? size_of(p) : 0; }
