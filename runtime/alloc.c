/*===- alloc.c - Transactional malloc, calloc, realloc, free ---------------===
 *
 * Blocks are 64-byte aligned and whole lines, so no line is shared with other
 * data; their lines are locked with the transaction's in-place sentinel, so
 * the transaction writes them directly, with no log, and nobody else can
 * touch them before commit. Abort frees them; commit stamps them with its
 * timestamp. free() is deferred to commit and the block reclaimed once no
 * transaction that could still see it is running (reclaim.c); a block the
 * same transaction allocated is freed at once.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

/* Frees of a block allocated by the same transaction are looked up among
 * this many most recent allocations (realloc loops hit the last one). */
#define AME__OWN_FREE_WINDOW 8
#define AME__OWN_REALLOC_WINDOW 64

static void ame__stamp(const struct ame__pair *a, uint64_t word) {
  for (uintptr_t off = 0; off < a->b; off += AME__LINE)
    __atomic_store_n(ame__meta((char *)a->a + off), word, __ATOMIC_RELEASE);
}

void ame__alloc_commit(struct __ame_tx *tx, uint64_t ts) {
  struct ame__pair *l = AME__PAIRS(&tx->allocs);
  for (size_t i = 0; i < tx->allocs.len; i++)
    ame__stamp(&l[i], ts);
  tx->allocs.len = 0;
}

/* Bytes of blocks kept per size for the thread's next allocations: 256
 * blocks of one line, 32 of eight (128 KiB in all, where 64 blocks of
 * each size took up to 144 KiB). When a thread allocates and frees blocks
 * of one size in about equal numbers, the count of kept blocks walks up
 * and down at random, and every time it hits a bound a block goes through
 * glibc: with 64 one-line blocks, 13% of bench/shapes.c genome's
 * allocations went to posix_memalign and as many reclaimed blocks to
 * free(). */
#define AME__CACHED_BYTES_PER_SIZE 16384

/* A block the runtime got from posix_memalign travels through glibc's
 * aligned path on every allocation, and a block that one thread allocates
 * and another frees (one thread builds a node, another removes it) crosses
 * arenas: malloc_consolidate, _int_free and unlink_chunk took 30% of a
 * 2-thread run of bench/shapes.c's genome. A thread keeps up to
 * AME__CACHED_BYTES_PER_SIZE of reclaimed blocks (reclaim.c) of each size
 * up to AME__CACHED_LINES lines and hands them out again as they are: memory that
 * glibc could have returned at that point just as well. Blocks of any other
 * origin (a plain malloc's, not line-aligned) go to free(), and so do the
 * blocks of an aborted attempt (ame__release_block). */
static void ame__block_sort(struct __ame_tx *tx, void *p, size_t lines) {
  if (lines && lines <= AME__CACHED_LINES &&
      tx->cached_count[lines - 1] * lines <
          AME__CACHED_BYTES_PER_SIZE / AME__LINE) {
    *(void **)p = tx->cached[lines - 1];
    tx->cached[lines - 1] = p;
    tx->cached_count[lines - 1]++;
    return;
  }
  free(p);
}

void ame__block_free(struct __ame_tx *tx, void *p) {
  /* Under AddressSanitizer every block goes back, so that a use after the
   * reclamation is still reported. */
#ifndef AME__ASAN
  /* Blocks of line_heap.c's range have their size in a table: no header,
   * and the block, just freed, is still in the cache for its next use. */
  unsigned heap_lines = ame__heap_lines(p);
  if (heap_lines) {
    ame__block_sort(tx, p, heap_lines);
    return;
  }
  if (ame__flags.block_cache && !((uintptr_t)p & (AME__LINE - 1))) {
    /* malloc_usable_size reads glibc's chunk header, in the line before
     * the block, and the next chunk's, in the line after it: lines the
     * program does not touch. Asked at the reclamation, usually the commit
     * that freed the block, they were cache misses (8% of bench/shapes.c
     * genome's time at one thread). So the block waits in a ring, and is
     * sorted AME__UNSORTED reclamations later, when those lines have
     * arrived: the header, and the line after a block of one or two lines
     * (the runtime's blocks are whole lines; larger ones are rarer, and
     * their miss stays). */
    unsigned i = tx->unsorted_pos++ % AME__UNSORTED;
    void *old = tx->unsorted[i];
    tx->unsorted[i] = p;
    __builtin_prefetch((const char *)p - sizeof(size_t));
    __builtin_prefetch((const char *)p + AME__LINE);
    __builtin_prefetch((const char *)p + 2 * AME__LINE);
    if (old)
      ame__block_sort(tx, old, malloc_usable_size(old) / AME__LINE);
    return;
  }
#else
  (void)tx;
#endif
  free(p);
}

static void *ame__block_take(struct __ame_tx *tx, size_t bytes) {
  size_t lines = bytes / AME__LINE;
  /* Blocks still in the ring wait for their turn: sorting them early, when
   * a block frees as many as it allocates but allocates first, emptied
   * the ring every other block and sorted its blocks before their lines
   * had arrived. glibc supplies the ring's worth of blocks once instead. */
  if (lines > AME__CACHED_LINES || !tx->cached[lines - 1])
    return NULL;
  void *p = tx->cached[lines - 1];
  tx->cached[lines - 1] = *(void **)p;
  tx->cached_count[lines - 1]--;
  return p;
}

/* The version of a released fresh line must change for every reader that
 * accepted the old one: above the clock, like a commit's (commit.c), with
 * tag 0 (nobody's own line). */
static void ame__release_block(struct ame__pair *a) {
  ame__stamp(a, __atomic_load_n(&ame__clock, __ATOMIC_ACQUIRE) + AME__SEQ_ONE);
  free((void *)a->a);
}

void ame__alloc_rollback(struct __ame_tx *tx) {
  struct ame__pair *l = AME__PAIRS(&tx->allocs);
  for (size_t i = 0; i < tx->allocs.len; i++)
    ame__release_block(&l[i]);
  tx->allocs.len = 0;
}

static void *ame__alloc(struct __ame_tx *tx, size_t align, size_t size) {
  if (align < AME__LINE)
    align = AME__LINE;
  if (size > SIZE_MAX - AME__LINE)
    return NULL;
  size_t bytes =
      size ? (size + AME__LINE - 1) & ~(size_t)(AME__LINE - 1) : AME__LINE;
  void *p = align == AME__LINE ? ame__block_take(tx, bytes) : NULL;
  int reclaimed = p != NULL;
  if (!p && align == AME__LINE)
    p = ame__heap_alloc(tx, bytes);
  if (!p && posix_memalign(&p, align, bytes))
    return NULL;
  /* Recorded first, with the bytes locked so far, so an abort in the loop
   * below releases exactly the lines taken. */
  ame__buf_push(&tx->allocs, (uintptr_t)p, 0);
  tx->extras |= AME__X_BLOCKS;
  struct ame__pair *rec = &AME__PAIRS(&tx->allocs)[tx->allocs.len - 1];
  for (size_t off = 0; off < bytes; off += AME__LINE) {
    uint64_t *m = ame__meta((char *)p + off);
    /* A block of the thread's cache was freed by a commit and reclaimed
     * only once every transaction that could still reach it had ended
     * (reclaim.c), and transactions that started since cannot reach it:
     * nobody else reads, marks or locks its lines, so a plain store locks
     * them. A read mark left by those readers asks a writer to wait for
     * write-backs that are over: no window wait either. */
    if (reclaimed) {
      uint64_t w = __atomic_load_n(m, __ATOMIC_RELAXED);
      if (!(w & 1)) {
        __atomic_store_n(m, tx->inplace_word, __ATOMIC_RELAXED);
        rec->b = off + AME__LINE;
        continue;
      }
    }
    for (;;) {
      uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
      /* Held: a doomed transaction still writing memory freed outside
       * transactions. It will abort; wait or give up like any conflict. */
      if (!(w & 1) &&
          __atomic_compare_exchange_n(m, &w, tx->inplace_word, 0,
                                      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
        ame__note_locked(tx, w);
        break;
      }
      /* Already ours in place: an inevitable transaction locked it when it
       * read or wrote memory that the allocator has since handed out again
       * (a block's slack, memory it freed). Nobody else can hold it, and
       * commit or rollback releases it through both lists. */
      if (w == tx->inplace_word)
        break;
      if (w & 1) {
        if (tx->inevitable)
          ame__pause();
        else {
          /* Let the holder finish a commit, then treat it as a conflict. */
          int i = 0;
          while (i++ < 256 && __atomic_load_n(m, __ATOMIC_ACQUIRE) == w)
            ame__pause();
          if (__atomic_load_n(m, __ATOMIC_ACQUIRE) == w) {
            tx->site_now = NULL; /* the allocator's own write */
            tx->addr_now = NULL;
            tx->conflict_m = m;
            tx->conflict_w = w;
            ame__abort(tx, AME_ABORT_WRITE_CONFLICT);
          }
        }
      }
    }
    rec->b = off + AME__LINE;
  }
  tx->alloc_bytes += bytes;
  return p;
}

AME__EXPORT void *__ame_malloc(void *tx, size_t size) {
  return ame__alloc(tx, AME__LINE, size);
}

AME__EXPORT void *__ame_calloc(void *tx, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size)
    return NULL;
  void *p = ame__alloc(tx, AME__LINE, n * size);
  if (p)
    memset(p, 0, n * size);
  return p;
}

AME__EXPORT void *__ame_aligned_alloc(void *tx, size_t align, size_t size) {
  if (!align || (align & (align - 1)))
    return NULL;
  return ame__alloc(tx, align, size);
}

AME__EXPORT uint32_t __ame_posix_memalign(void *tx, void *out, size_t align,
                                          size_t size) {
  if (!align || (align & (align - 1)) || align % sizeof(void *))
    return EINVAL;
  void *p = ame__alloc(tx, align, size);
  if (!p)
    return ENOMEM;
  /* Called as a clone too, without a site: unknown code to the profiler,
   * not the last barrier before it. */
  AME__NOTE_ACCESS((struct __ame_tx *)tx, out, NULL);
  ame__write_range(tx, out, &p, sizeof p);
  return 0;
}

AME__EXPORT void __ame_free(void *txp, void *p) {
  struct __ame_tx *tx = txp;
  if (!p)
    return;
  struct ame__pair *l = AME__PAIRS(&tx->allocs);
  size_t n = tx->allocs.len;
  /* A block this attempt allocated has its first line locked in place by
   * it (ame__alloc); a block freed after it was published, the common
   * case, skips the search. */
  if (__atomic_load_n(ame__meta(p), __ATOMIC_RELAXED) != tx->inplace_word)
    n = 0;
  for (size_t i = n; i > 0 && i + AME__OWN_FREE_WINDOW > n; i--) {
    if (l[i - 1].a != (uintptr_t)p)
      continue;
    /* Never published: no other transaction can hold a reference. */
    struct ame__pair a = l[i - 1];
    l[i - 1] = l[n - 1];
    tx->allocs.len--;
    ame__release_block(&a);
    return;
  }
  /* Reclaiming the block asks glibc its size (ame__block_free), from the
   * chunk header in the line before the block: a line the program did not
   * touch, so a cache miss when the commit gets to it unless it is fetched
   * now. */
  __builtin_prefetch((const char *)p - sizeof(size_t));
  ame__buf_push(&tx->frees, (uintptr_t)p, 0);
  tx->extras |= AME__X_BLOCKS;
}

/* The bytes of p that realloc copies. The allocator's usable size reaches a
 * few bytes into the next line, which belongs to the next chunk; for a block
 * this transaction allocated (whole lines) that slack was never the
 * program's, and reading it would log or lock a line of unrelated memory, so
 * the copy stops at the block's own lines. Only recent allocations are
 * looked up (realloc loops grow the last one); any other block keeps its
 * usable size, which the program may have used in full. */
static size_t ame__block_extent(struct __ame_tx *tx, void *p) {
  const struct ame__pair *l = AME__PAIRS(&tx->allocs);
  size_t n = tx->allocs.len;
  for (size_t i = n; i > 0 && i + AME__OWN_REALLOC_WINDOW > n; i--)
    if (l[i - 1].a == (uintptr_t)p)
      return l[i - 1].b;
  return malloc_usable_size(p);
}

AME__EXPORT void *__ame_realloc(void *tx, void *p, size_t size) {
  if (!p)
    return __ame_malloc(tx, size);
  if (!size) {
    __ame_free(tx, p);
    return NULL;
  }
  size_t old = ame__block_extent(tx, p);
#ifndef AME__ASAN
  /* A block of whole lines (line-aligned) has only its lines: its usable
   * size reaches into the next chunk's. */
  size_t room = (uintptr_t)p & (AME__LINE - 1) ? old : old & ~(AME__LINE - 1);
  if (size <= room)
    return p;
  /* Room for a quarter more: a block grown a few bytes per transaction (a
   * string or an array built one item per block) is copied a logarithmic
   * number of times, not once per transaction, as glibc's realloc, growing
   * in place, would. AddressSanitizer builds give the exact size, so an
   * overflow past it is still reported. */
  size_t want = old + old / 4 > size ? old + old / 4 : size;
  void *q = ame__alloc(tx, AME__LINE, want);
  if (!q && want != size)
    q = ame__alloc(tx, AME__LINE, size);
#else
  void *q = ame__alloc(tx, AME__LINE, size);
#endif
  if (!q)
    return NULL;
  AME__NOTE_ACCESS((struct __ame_tx *)tx, p, NULL); /* as posix_memalign */
  ame__read_range(tx, q, p, old < size ? old : size);
  __ame_free(tx, p);
  return q;
}
