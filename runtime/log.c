/*===- log.c - Read log, write log and private growable arrays ------------===
 *
 * Both logs are linked chunks that grow geometrically and are kept by the
 * thread's descriptor across transactions, so a transaction of any size
 * costs O(1) per access and never copies a log. Write-log entries are
 * pointed to by lock words: their chunks never move and are never unmapped.
 * Runtime memory comes from mmap, never from malloc, so the program's
 * allocator (and its hooks) only sees the program's own allocations.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* Limbo and allocation lists are the only references to some program blocks
 * (freed ones awaiting reclamation): let LeakSanitizer scan them. */
#ifdef AME__ASAN
#include <sanitizer/lsan_interface.h>
#define AME__LSAN_ROOT(p, n) __lsan_register_root_region(p, n)
#define AME__LSAN_UNROOT(p, n) __lsan_unregister_root_region(p, n)
#else
#define AME__LSAN_ROOT(p, n) ((void)(p), (void)(n))
#define AME__LSAN_UNROOT(p, n) ((void)(p), (void)(n))
#endif

#define AME__RLOG_FIRST 4096 /* slots in the first read-log chunk  */
#define AME__LBUF_FIRST 64   /* line buffers in the first chunk     */
#define AME__LBUF_MAX (1u << 15)

struct ame__lchunk {
  struct ame__lchunk *next;
  size_t cap; /* buffers */
  unsigned char pad_[AME__LINE - 2 * sizeof(size_t)];
  unsigned char buf[][AME__LINE];
};

void *ame__map(size_t bytes) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    fprintf(stderr,
            "ame: out of memory mapping %zu bytes of runtime metadata\n",
            bytes);
    abort();
  }
  return p;
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

int ame__populate_write(void *p, size_t n) {
  static int unsupported;
  if (__atomic_load_n(&unsupported, __ATOMIC_RELAXED))
    return -1;
  if (madvise(p, n, MADV_POPULATE_WRITE) == 0)
    return 0;
  if (errno == EINVAL)
    __atomic_store_n(&unsupported, 1, __ATOMIC_RELAXED);
  return -1;
}

void ame__buf_reserve(struct ame__buf *b, size_t bytes) {
  if (bytes <= b->cap)
    return;
  size_t cap = b->cap ? 2 * b->cap : 4096;
  while (cap < bytes)
    cap *= 2;
  void *p =
      b->base ? mremap(b->base, b->cap, cap, MREMAP_MAYMOVE) : ame__map(cap);
  if (p == MAP_FAILED) {
    fprintf(stderr, "ame: out of memory growing a log to %zu bytes\n", cap);
    abort();
  }
  if (b->base)
    AME__LSAN_UNROOT(b->base, b->cap);
  AME__LSAN_ROOT(p, cap);
  b->base = p;
  b->cap = cap;
}

void ame__buf_release(struct ame__buf *b) {
  if (b->base) {
    AME__LSAN_UNROOT(b->base, b->cap);
    munmap(b->base, b->cap);
  }
  *b = (struct ame__buf){0};
}

void ame__rlog_reset(struct __ame_tx *tx) {
  if (!tx->rhead) {
    tx->rhead =
        ame__map(sizeof *tx->rhead + AME__RLOG_FIRST * sizeof(uint64_t *));
    tx->rhead->cap = AME__RLOG_FIRST;
  }
  tx->rcur = tx->rhead;
  tx->rdone = 0;
  tx->rpos = tx->rhead->slot;
  tx->rend = tx->rhead->slot + tx->rhead->cap;
  tx->rlast = NULL;
  tx->rvalidate_at = 2 * AME__RLOG_FIRST;
  tx->rcompact_at = 2 * AME__RLOG_FIRST;
}

/* Pages of write-log entries a chunk backs at most at once. */
#define AME__WBACK_MAX_PAGES 64

/* A 2 MiB region at a 2 MiB boundary (ame__wentry_owner). Only the pages a
 * transaction reaches are backed, so a small transaction's log stays small:
 * the chunk starts with the entries of the page its header is on, and each
 * time the entries run out the next pages are backed in one system call,
 * as many as are backed already, up to AME__WBACK_MAX_PAGES (so at most
 * 256 KiB more than the log has used). A fault per page cost about 10
 * microseconds on the development VM and the system call about 7 per page:
 * a transaction that writes one byte in each of 10^6 fresh lines (16 MB of
 * entries) went from 78 to 55 ns per line (bench/coldwrite.c). The side
 * slots are left to fault: most entries never use theirs, and backing them
 * all would double the log's memory. */
static struct ame__wchunk *ame__wchunk_new(struct __ame_tx *tx) {
  char *p = ame__map(2 * AME__WCHUNK_SIZE);
  uintptr_t a = ((uintptr_t)p + AME__WCHUNK_SIZE - 1) &
                ~(uintptr_t)(AME__WCHUNK_SIZE - 1);
  if (a > (uintptr_t)p)
    munmap(p, a - (uintptr_t)p);
  munmap((char *)a + AME__WCHUNK_SIZE,
         (uintptr_t)p + 2 * AME__WCHUNK_SIZE - (a + AME__WCHUNK_SIZE));
  struct ame__wchunk *c = (struct ame__wchunk *)a;
  c->tx = tx;
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  c->cap = (page - sizeof *c) / sizeof(struct ame__wentry);
  return c;
}

/* Entries then end at page boundaries: the header's page holds a whole
 * number of them. */
_Static_assert(sizeof(struct ame__wchunk) % sizeof(struct ame__wentry) == 0,
               "write-log entries must tile a page after the chunk header");

/* Backs the next pages of entries of c, whose entries are all used. */
static void ame__wchunk_grow(struct ame__wchunk *c) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  char *end = (char *)&c->e[c->cap]; /* page-aligned */
  size_t backed = (size_t)(end - (char *)c) / page;
  size_t pages = backed < AME__WBACK_MAX_PAGES ? backed : AME__WBACK_MAX_PAGES;
  size_t room = (size_t)((char *)&c->e[AME__WCHUNK_ENTRIES] - end);
  size_t bytes = pages * page < room ? pages * page : room;
  /* Without the system call, the pages fault in one by one as before. */
  if (ame__populate_write(end, bytes) != 0)
    bytes = room;
  c->cap += bytes / sizeof(struct ame__wentry);
}

void ame__wlog_init(struct __ame_tx *tx) {
  tx->whead = tx->wcur = ame__wchunk_new(tx);
  tx->wused = 0;
}

struct ame__wentry *ame__wlog_new(struct __ame_tx *tx) {
  if (tx->wused == tx->wcur->cap) {
    if (tx->wcur->cap < AME__WCHUNK_ENTRIES) {
      ame__wchunk_grow(tx->wcur); /* backs at least one more entry */
    } else {
      tx->extras |= AME__X_LOGS;
      if (!tx->wcur->next)
        tx->wcur->next = ame__wchunk_new(tx);
      tx->wcur = tx->wcur->next;
      tx->wused = 0;
    }
  }
  tx->wcount++;
  return &tx->wcur->e[tx->wused++];
}

/* Undo the last ame__wlog_new (its CAS failed). */
void ame__wlog_pop(struct __ame_tx *tx) {
  tx->wused--;
  tx->wcount--;
}

void ame__wlog_reset(struct __ame_tx *tx) {
  tx->wcur = tx->whead;
  tx->wused = 0;
  tx->wcount = 0;
}

/* The current chunk is used up (or this is the attempt's first buffer). */
unsigned char *ame__line_buffer_chunk(struct __ame_tx *tx) {
  struct ame__lchunk *c = tx->lcur ? tx->lcur->next : tx->lhead;
  /* The first chunk, made already, is part of a short transaction, like
   * the first chunk of each log: the short commit writes its buffers
   * back and leaves the chunk as it found it (commit.c). */
  if (tx->lcur || !c) {
    tx->extras |= AME__X_LOGS;
    if (!c) {
      size_t cap = tx->lcur ? 2 * tx->lcur->cap : AME__LBUF_FIRST;
      if (cap > AME__LBUF_MAX)
        cap = AME__LBUF_MAX;
      c = ame__map(sizeof *c + cap * AME__LINE);
      c->cap = cap;
      if (tx->lcur)
        tx->lcur->next = c;
      else
        tx->lhead = c;
    }
  }
  tx->lcur = c;
  tx->lpos = c->buf[0] + AME__LINE;
  tx->lend = c->buf[c->cap];
  return c->buf[0];
}
