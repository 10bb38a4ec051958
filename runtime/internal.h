/*===- internal.h - Private types and helpers of the AME runtime -----------===
 *
 * Shared by every runtime file and by barrier_fast.h (and so by
 * ame_fastpath.bc): the transaction descriptor layout, the shadow mapping of
 * lock words, the write-log entry. Private names are static or start with
 * ame__; the only exported symbols are __ame_* (compiler ABI) and ame_*
 * (include/ame.h). docs/design.md explains the choices.
 *===----------------------------------------------------------------------===*/
#ifndef AME_RUNTIME_INTERNAL_H
#define AME_RUNTIME_INTERNAL_H

#include "ame.h"
#include "ame/abi.h"

#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#define AME__ALWAYS_INLINE inline __attribute__((always_inline))
#define AME__NOINLINE __attribute__((noinline))
/* Rare paths: kept out of line so the fast path stays a few instructions and
 * its registers are not spilled around code that almost never runs. */
#define AME__SLOW __attribute__((noinline, cold))
/* A slow path that the inlined fast paths call on every first access of a
 * line: cold, but starting a 64-byte line of code of its own, so that its
 * speed does not depend on the size of the code placed before it. At a
 * 29-byte shift, __ame_slow_store took 7 ns more per transaction on
 * bench/micro.c write, n = 1 (40 ns against 33), on an AMD EPYC 7001. */
#define AME__SLOW_ENTRY __attribute__((noinline, cold, aligned(64)))
#define AME__NORETURN __attribute__((noreturn))
#define AME__LIKELY(x) __builtin_expect(!!(x), 1)
#define AME__UNLIKELY(x) __builtin_expect(!!(x), 0)
#define AME__EXPORT __attribute__((visibility("default")))
#define AME__HIDDEN __attribute__((visibility("hidden")))

/* Built with AddressSanitizer (libame_asan.a). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AME__ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define AME__ASAN 1
#endif

/*--- Shadow memory: one lock word per 64-byte line -------------------------*/

#define AME__LINE 64u
/* The mapping is in ame/abi.h: the pass prefetches lock words too. */
#define AME__SHADOW_BASE AME_SHADOW_BASE
#define AME__SHADOW_MASK AME_SHADOW_MASK

/* Lock word of the line holding a: odd = entry | 1 (locked), even = version:
 * seq << 16 | tag << 2 | mark << 1, where tag names the descriptor that
 * committed it and mark says that a commit may have read the line without
 * holding it since (docs/design.md, "Time" and "Privatization"). */
static AME__ALWAYS_INLINE uint64_t *ame__meta(const void *a) {
  return (uint64_t *)(uintptr_t)(AME__SHADOW_BASE +
                                 (((uintptr_t)a >> AME_SHADOW_SHIFT) &
                                  AME__SHADOW_MASK));
}

/* The first byte of the line whose lock word is meta. */
static AME__ALWAYS_INLINE unsigned char *ame__line_of(const uint64_t *meta) {
  return (unsigned char *)(((uintptr_t)meta - AME__SHADOW_BASE)
                           << AME_SHADOW_SHIFT);
}

/* The low 16 bits of a version: the writer's tag, the mark, the lock bit. */
#define AME__TAG_BITS 0xFFFFull
#define AME__TAG_MASK 0xFFFCull
#define AME__READ_MARK 2ull
#define AME__SEQ_ONE (1ull << 16)
/* Descriptors beyond this many carry no tag (their lines are never "own"). */
#define AME__MAX_TAG 0x3FFFu

/* Bytes [0, k) and [n - k, n) from s to d, k a constant after inlining:
 * two fixed-size moves that cover n bytes for k < n <= 2k. */
static AME__ALWAYS_INLINE void
ame__copy_ends(unsigned char *d, const unsigned char *s, size_t n, size_t k) {
  __builtin_memcpy(d, s, k);
  __builtin_memcpy(d + n - k, s + n - k, k);
}

/* n bytes, at most a line (every caller copies within one line or one
 * line's buffer), from s to d (distinct buffers) in moves of fixed size:
 * the first half of the next power of two at or above n, then as many bytes
 * ending at n (overlapping the first unless n is that power). A memcpy of a
 * length known only at run time is a call, or gcc's rep movsb, whose
 * startup took 16% of __ame_slow_store_bytes in the quickstart demo (its
 * history shift stores 28 bytes). Nothing outside the n bytes is read or
 * written. */
static AME__ALWAYS_INLINE void ame__copy_upto_line(void *d, const void *s,
                                                   size_t n) {
  if (__builtin_constant_p(n)) {
    __builtin_memcpy(d, s, n);
    return;
  }
  unsigned char *dd = d;
  const unsigned char *ss = s;
  if (n > 32)
    ame__copy_ends(dd, ss, n, 32);
  else if (n > 16)
    ame__copy_ends(dd, ss, n, 16);
  else if (n > 8)
    ame__copy_ends(dd, ss, n, 8);
  else if (n > 4)
    ame__copy_ends(dd, ss, n, 4);
  else if (n > 2)
    ame__copy_ends(dd, ss, n, 2);
  else if (n == 2)
    __builtin_memcpy(dd, ss, 2);
  else if (n)
    dd[0] = ss[0];
}

/*--- Write log --------------------------------------------------------------*/

/* Mask of n bytes at offset off of a line (off + n <= 64). */
static AME__ALWAYS_INLINE uint64_t ame__len_mask(size_t n, unsigned off) {
  return (n >= 64 ? ~0ull : ((1ull << n) - 1)) << off;
}

/* One written line, 16 bytes: its lock word, the bytes this transaction
 * wrote and which ones (the line is not copied at acquisition: the others
 * are read from memory, which nobody else changes while the line is held).
 * While the written bytes lie in one aligned 8-byte word they are kept in
 * d.word and their mask in the key; a write outside that word moves them to
 * a 64-byte buffer, d.line, and the mask to the entry's mask slot
 * (ame__wdata_put). The lock word the line had before is kept in the
 * entry's old slot unless it was 0 (a line no transaction ever wrote), so
 * a transaction writing a few bytes of fresh lines logs 16 bytes per line
 * and never touches the slots' pages. Lock words point at entries, so
 * entries never move and their memory is never returned to the OS (another
 * thread may follow a stale lock word to the owner, ame__wentry_owner). */
struct ame__wentry {
  uint64_t key; /* lock word << AME__WK_META_SHIFT | AME__WK_* */
  union {
    uint64_t word;       /* the bytes of the word AME__WK_WORD names */
    unsigned char *line; /* all 64 bytes (AME__WK_LINE)             */
  } d;
};
#define AME__WK_BYTES 0xFFull     /* bytes written of word d.word (no LINE) */
#define AME__WK_WORD_SHIFT 8      /* 3 bits: which word of the line d.word is */
#define AME__WK_LINE (1ull << 11) /* bytes in d.line, mask in the mask slot */
#define AME__WK_OLD (1ull << 12)  /* old lock word in the old slot (else 0) */
#define AME__WK_META_SHIFT 16 /* lock words lie below 2^48 (AME__SHADOW_BASE)  \
                               */

/* Write-log chunks are 2 MiB-aligned regions whose header names the owner,
 * so an entry needs no owner field of its own. Entries fill the first half
 * but 2 KiB; each has a side slot AME__WSIDE bytes further on: its old lock
 * word, then its mask. Memory backs only the side slots written, so entries
 * that need neither cost 16 bytes; an entry that does costs a 16-byte side
 * slot, because a fixed distance is the cheapest way to find it. The 2 KiB
 * keep the distance off a multiple of 4 KiB: the fast path ORs a store's
 * bits into the mask slot and the next store loads the entry's d.line, and
 * with equal low 12 bits the processor held that load back as if it read
 * the store (4K aliasing: micro's writes of 10^2 and 10^4 words, 7% and 12 to
 * 25% slower per write on an AMD EPYC 7001 guest). */
#define AME__WCHUNK_SIZE (1ull << 21)
#define AME__WSIDE (AME__WCHUNK_SIZE / 2 + 2048)
struct ame__wchunk {
  struct __ame_tx *tx; /* owner, fixed for the chunk's life */
  struct ame__wchunk *next;
  size_t cap; /* entries backed so far (log.c), up to AME__WCHUNK_ENTRIES */
  uint64_t reserved_;
  struct ame__wentry sentinel; /* the first chunk's: "mine, in place" */
  struct ame__wentry e[];
};

#define AME__WCHUNK_ENTRIES                                                    \
  ((AME__WCHUNK_SIZE - AME__WSIDE - sizeof(struct ame__wchunk)) /              \
   sizeof(struct ame__wentry))

static AME__ALWAYS_INLINE struct __ame_tx *
ame__wentry_owner(const struct ame__wentry *e) {
  return ((const struct ame__wchunk *)((uintptr_t)e &
                                       ~(uintptr_t)(AME__WCHUNK_SIZE - 1)))
      ->tx;
}
static AME__ALWAYS_INLINE uint64_t *
ame__wentry_old_slot(const struct ame__wentry *e) {
  return (uint64_t *)((uintptr_t)e + AME__WSIDE);
}
static AME__ALWAYS_INLINE uint64_t *
ame__wentry_mask_slot(const struct ame__wentry *e) {
  return (uint64_t *)((uintptr_t)e + AME__WSIDE + 8);
}
static AME__ALWAYS_INLINE uint64_t *
ame__wentry_meta(const struct ame__wentry *e) {
  return (uint64_t *)(uintptr_t)(e->key >> AME__WK_META_SHIFT);
}
/* The lock word the line had before this transaction took it. */
static AME__ALWAYS_INLINE uint64_t
ame__wentry_old(const struct ame__wentry *e) {
  return e->key & AME__WK_OLD ? *ame__wentry_old_slot(e) : 0;
}
/* Lock word m, just locked from version w, was never written and starts a
 * run of AME__SHADOW_AHEAD bytes of lock words (512 KiB of data): then
 * ame__shadow_ahead(m, r) looks at the line before; if it is locked, a
 * transaction is writing fresh lines in a row, and the run's pages are
 * backed in one system call (shadow.c). It returns r, so a barrier calls it
 * last, as `return ame__shadow_ahead(m, what_it_returns)`: the call is a
 * jump and the barrier keeps its registers. */
#define AME__SHADOW_AHEAD (64u * 1024)
static AME__ALWAYS_INLINE int ame__shadow_ahead_wanted(const uint64_t *m,
                                                       uint64_t w) {
  return AME__UNLIKELY(!w && !((uintptr_t)m & (AME__SHADOW_AHEAD - 1)));
}
uintptr_t ame__shadow_ahead(uint64_t *m, uintptr_t r);

/* A held entry for lock word m, taken at version w, whose key holds the
 * AME__WK_BYTES and word index bits (0: no bytes yet). */
static AME__ALWAYS_INLINE void ame__wentry_start(struct ame__wentry *e,
                                                 uint64_t *m, uint64_t w,
                                                 uint64_t bits) {
  uint64_t k = (uint64_t)(uintptr_t)m << AME__WK_META_SHIFT | bits;
  if (w) {
    k |= AME__WK_OLD;
    *ame__wentry_old_slot(e) = w;
  }
  e->key = k;
}

/* First byte of the aligned word holding the lowest written byte. */
static AME__ALWAYS_INLINE unsigned ame__word_base(uint64_t mask) {
  return (unsigned)__builtin_ctzll(mask) & ~7u;
}
/* The written bytes (mask != 0) lie in one aligned 8-byte word. */
static AME__ALWAYS_INLINE int ame__one_word(uint64_t mask) {
  return (mask >> ame__word_base(mask)) <= 0xFF;
}
/* The first byte of the word d.word holds, for key k of an entry without
 * a line buffer. */
static AME__ALWAYS_INLINE unsigned ame__wkey_base(uint64_t k) {
  return (unsigned)(k >> (AME__WK_WORD_SHIFT - 3)) & 0x38;
}
/* The mask of key k of an entry without a line buffer. */
static AME__ALWAYS_INLINE uint64_t ame__wkey_mask(uint64_t k) {
  return (k & AME__WK_BYTES) << ame__wkey_base(k);
}
/* Bit i set: byte i of the line was written. */
static AME__ALWAYS_INLINE uint64_t
ame__wentry_mask(const struct ame__wentry *e) {
  uint64_t k = e->key;
  if (AME__UNLIKELY(k & AME__WK_LINE))
    return *ame__wentry_mask_slot(e);
  return ame__wkey_mask(k);
}
/* The key of an entry without a line buffer whose mask (one word, not 0)
 * is nm. */
static AME__ALWAYS_INLINE uint64_t ame__wkey_word(uint64_t k, uint64_t nm) {
  unsigned base = ame__word_base(nm);
  return (k & ~(AME__WK_BYTES | 7ull << AME__WK_WORD_SHIFT)) | nm >> base |
         (uint64_t)base << (AME__WK_WORD_SHIFT - 3);
}
/* The key bits (bytes and word index, as ame__wkey_word makes them, without
 * its ctz) of n bytes at line offset off that lie in one aligned word. */
static AME__ALWAYS_INLINE uint64_t ame__wkey_bytes(unsigned off, unsigned n) {
  return ((1ull << n) - 1) << (off & 7) | (uint64_t)(off >> 3)
                                              << AME__WK_WORD_SHIFT;
}
/* p such that p[i] is written byte i of the line (for i in the mask). */
static AME__ALWAYS_INLINE const unsigned char *
ame__wdata(const struct ame__wentry *e) {
  uint64_t k = e->key;
  if (AME__LIKELY(!(k & AME__WK_LINE)))
    return (const unsigned char *)((uintptr_t)&e->d.word - ame__wkey_base(k));
  return e->d.line;
}

struct ame__rchunk {
  struct ame__rchunk *next;
  size_t cap; /* slots */
  uint64_t *slot[];
};

/* A private growable array (mremap; nobody else holds pointers into it). */
struct ame__buf {
  void *base;
  size_t len; /* elements */
  size_t cap; /* bytes    */
};

struct ame__pair {
  uintptr_t a, b;
};

/*--- Transaction descriptor (one per thread, recycled, never freed) -------*/

/* Sizes of the blocks a thread keeps for reuse, in lines (alloc.c). */
#define AME__CACHED_LINES 8
/* Reclaimed blocks a thread holds before it sorts them by size (alloc.c). */
#define AME__UNSORTED 8

struct __ame_tx {
  /* Fields the fast paths use: the first cache line, plus wrote_in_place,
   * which only in-place writes touch. */
  uint64_t rlimit;         /* unlocked words >= rlimit need the slow path   */
  uint64_t inplace_word;   /* lock word meaning "mine, data is in place"    */
  uint64_t **rpos;         /* next free read-log slot                       */
  uint64_t **rend;         /* end of the current read-log chunk             */
  uint64_t *rlast;         /* last logged lock word (cheap dedup)           */
  uintptr_t stack_lo;      /* [stack_lo, stack_lo + stack_span): this       */
  uintptr_t stack_span;    /* attempt's own frames, written in place        */
  uint64_t snapshot;       /* accepts versions <= this (ame__snapshot_of)   */
  uint64_t wrote_in_place; /* wrote a line locked in place (inevitable)  */
  int64_t rcheck;          /* reads not logged that went back within the
                              last line (or took bytes of a held line from
                              memory) before the slow path revalidates:
                              ends doomed loops on one line */
  uintptr_t rlast_a;       /* address of the last such read             */
  uint64_t tag_bits;       /* tag << 2: versions this thread committed; 1 if
                              it has no tag (matches no version)          */

  /* Read log: linked chunks, geometric growth, kept across transactions. */
  struct ame__rchunk *rhead, *rcur;
  size_t rdone;        /* slots in chunks before rcur          */
  size_t rvalidate_at; /* validate again when the log reaches this */
  size_t rcompact_at;  /* drop repeated lines when it reaches this  */
  uint32_t extras;     /* AME__X_*: what the attempt did beyond the short
                          path of attempt start and commit              */
  uint64_t own_tag_bits; /* tag << 2 (1: no tag); tag_bits while not
                            inevitable, which must lock what it reads */
  uint64_t serial_stamp; /* ame__testing_stamp of the current attempt   */
  int64_t rcheck_period; /* current period of the rcheck countdown   */

  /* Write log. whead->sentinel is the "in place" sentinel: lines allocated
   * by this transaction or locked by it while inevitable point there. */
  struct ame__wchunk *whead, *wcur;
  size_t wused;  /* entries used in wcur                    */
  size_t wcount; /* entries in the whole log                */
  /* 64-byte buffers of entries whose bytes span words; reused each attempt. */
  struct ame__lchunk *lhead, *lcur;
  unsigned char *lpos, *lend;

  /* {meta, old word}: lines locked in place (inevitable mode). */
  struct ame__buf ilocks;
  struct ame__buf allocs; /* {ptr, bytes}: blocks this attempt allocated */
  struct ame__buf frees;  /* {ptr, 0}: frees deferred to commit          */
  struct ame__buf defers; /* {fn, arg}: ame_on_commit actions            */
  struct ame__buf limbo;  /* {ptr, ts}: freed at commit ts, not yet reclaimed */
  /* {ptr, n}, {bytes read, site}: reads of AME_IMMUTABLE data to check at
   * commit (-ame-check-immutable builds only; immutable_check.c). */
  struct ame__buf imm_reads;
  /* Reclaimed blocks of 1..AME__CACHED_LINES whole lines kept for this
   * thread's next allocations (alloc.c): lists through each block's first
   * word, by lines. */
  void *cached[AME__CACHED_LINES];
  unsigned cached_count[AME__CACHED_LINES];
  /* Reclaimed line-aligned blocks whose size is not asked yet (alloc.c): a
   * ring, sorted into cached[] AME__UNSORTED reclamations later. */
  void *unsorted[AME__UNSORTED];
  unsigned unsorted_pos;
  /* [carve[k], carve_end[k]): the rest of this thread's piece of blocks of
   * k + 1 lines (line_heap.c). */
  char *carve[AME__CACHED_LINES];
  char *carve_end[AME__CACHED_LINES];
  size_t reclaim_at;      /* next reclamation pass when limbo reaches this */
  size_t reclaim_skips;   /* commits since the last pass (reclaim.c)     */
  uint64_t alloc_bytes;

  /* AME_REFCOUNT counters this attempt changed by a delta (refcount.c):
   * entries, the comparisons checked at commit, and an open-addressing
   * index of the entries by address (slot = entry number + 1, 0 empty). */
  struct ame__buf string_copy[2]; /* private copies (libc_copies.c) */
  struct ame__buf format_out;     /* text being formatted (libc_format.c) */
  /* Locale objects the attempt created ({locale_t, 0}) and the thread's
   * locale before its first uselocale (0: unchanged); they belong to the
   * running block while locale_tag == stats.commits + 1 and locale_thread
   * == thread_no (libc_locale.c). */
  struct ame__buf locales;
  void *locale_undo;
  uint64_t locale_tag, locale_thread;
  struct ame__buf privates; /* AME_CHECK_PRIVATE: (lock word, version)    */
  struct ame__buf rdedup;   /* hash table of ame__rlog_compact           */
  struct ame__buf rcs;     /* struct ame__rc, len = count     */
  struct ame__buf rcpreds; /* struct ame__rc_pred, len = count */
  struct ame__buf rcindex; /* uint32_t, len = slots (a power of 2) */

  /* Attempt control. */
  void *jb[5]; /* __builtin_setjmp buffer of the outermost __ame_run */
  uintptr_t body_frame; /* the attempt's frames lie below (leave.c) */
  __ame_body_fn body;
  void *ctx;
  const struct __ame_site *site;
  const struct __ame_site *serial_site; /* the call that made it serial */
  int depth;           /* 0 outside, 1 inside (nesting is flattened);
                          signals that arrive at 1 wait (signals.c)     */
  int in_body;         /* the body is running (sandbox may abort it)   */
  int inevitable;      /* this attempt runs inevitably                 */
  int want_inevitable; /* next attempt must run inevitably             */
  int stops_commits;   /* holds ame__commits_stopped (inevitable.c)    */
  int last_attempt_read_only; /* the aborted attempt wrote nothing     */
  uint64_t attempts;
  uint64_t rng;
  /* Its age in conflicts (barrier_slow.c, ame__older): 0 until the block
   * first meets or is met by another's lock, then a ticket kept for the
   * rest of the block; the lower ticket may wait for the higher. */
  uint64_t age;
  /* AME_ORDERED (ordered.c): the turn this block commits at, or 0. */
  struct ame__order *order;
  uint64_t order_index; /* its place in the order                      */
  int order_wait_first; /* next attempt starts only at its turn          */
  uintptr_t stack_base; /* this thread's stack: [stack_base, stack_end) */
  uintptr_t stack_end;

  /* Signals that arrived inside a transaction, for after it (signals.c). */
  uint64_t sig_pending; /* bit s - 1: signal s is pending */
  struct ame__sigpending *sigs;

  /* The access the slow paths are serving: its site (include/ame/abi.h),
   * code address and address, named when it aborts (profile.c). */
  const void *site_now;
  const void *pc_now;
  const void *addr_now;
  /* A line found locked by another transaction, before the abort. */
  const uint64_t *conflict_m;
  uint64_t conflict_w;
  /* Conflict profiler (profile.c). profiling: ame__profiling at the
   * attempt's start; the rest only while it is set. */
  int profiling;
  int prof_why;      /* enum ame__prof_cause for an abort whose
                        enum ame_abort_cause says too little, or 0 */
  uint64_t prof_t0;  /* the attempt's start (ns)                    */
  struct ame__buf prof_reads; /* struct ame__prof_read: lines read and
                                 by which site, in the order read   */
  const struct __ame_site *prof_want_site; /* the call that asked for
                                              inevitability         */
  const struct __ame_site *prof_inev_site;
  const void *prof_inev_pc;
  uint64_t prof_inev_t0; /* nonzero: it turned inevitable then   */
  int prof_inev_mode;    /* enum ame__prof_mode                  */
  struct ame__prof_out *prof_out; /* this descriptor's record buffer */

  /* Where __ame_open_line points a loop's mask for a line written in
   * place: ORed into, never read. */
  uint64_t line_mask_sink;

  /* Testing hook (ame_testing.h). */
  uint64_t last_serial_ts;
  int last_read_only;

  struct ame_stats stats;

  /* Registry. */
  struct __ame_tx *next_all;
  int live;
  uint64_t thread_no; /* 1, 2, ... in the order threads first used AME */

  /* Read by other threads only in rare paths (serial mode, reclamation,
   * a commit that overwrote a marked line); own cache line. */
  _Alignas(64) uint64_t wb_slot; /* odd from the first write lock to the end
                                    of the attempt (commit.c)            */
  uint64_t active_since;         /* 0 idle, else clock word at begin (+1)    */
  uint32_t rc_waiting; /* its commit waits for a counter's line (refcount.c) */
  uint64_t plain_lock; /* odd inside the alone section
                          (ame__alone_section_begin)            */
  char pad_[64 - 3 * sizeof(uint64_t) - sizeof(uint32_t) - 4];
};

/* The fast-path layout of version 8 (see __ame_slow_load). */
_Static_assert(offsetof(struct __ame_tx, rlimit) == 0 &&
                   offsetof(struct __ame_tx, inplace_word) == 8 &&
                   offsetof(struct __ame_tx, rpos) == 16 &&
                   offsetof(struct __ame_tx, rend) == 24 &&
                   offsetof(struct __ame_tx, rlast) == 32 &&
                   offsetof(struct __ame_tx, stack_lo) == 40 &&
                   offsetof(struct __ame_tx, stack_span) == 48 &&
                   offsetof(struct __ame_tx, wrote_in_place) == 64 &&
                   offsetof(struct __ame_tx, rcheck) == 72 &&
                   offsetof(struct __ame_tx, rlast_a) == 80 &&
                   offsetof(struct __ame_tx, tag_bits) == 88 &&
                   offsetof(struct ame__wentry, key) == 0 &&
                   offsetof(struct ame__wentry, d) == 8 &&
                   sizeof(struct ame__wentry) == 16 &&
                   AME__WSIDE == (1ull << 20) + 2048 &&
                   AME__WK_LINE == 1 << 11 && AME__WK_WORD_SHIFT == 8 &&
                   AME__WK_META_SHIFT == 16 &&
                   offsetof(struct ame__wchunk, tx) == 0,
               "fast-path layout changed: bump the __ame_slow_* suffix");

/* tx->extras. A short transaction reads and writes lines through the first
 * chunk of each log and nothing else; attempt start and commit then skip the
 * state and the checks of everything below, each of which sets its bit when
 * it is first used in an attempt. Attempt start resets that state (and the
 * word) only when the word is set, and a commit with the word set takes the
 * general path. */
/* A log left its first chunk (line buffers: their first chunk was made
 * then), or the rcheck period moved. */
#define AME__X_LOGS 1u
/* = AME__READ_MARK: it locked a read-marked line (its commit waits for
 * windows, commit.c). */
#define AME__X_MARKED 2u
/* On-commit actions, counter deltas, private or immutable checks, lines
 * locked in place. */
#define AME__X_LISTS 4u
/* Inevitable, stopping commits, ordered, profiled, or taking test stamps. */
#define AME__X_MODE 8u
/* Attempt start must look at the block's mode: a retry (set where the abort
 * lands, kept by attempt start for the retry's commit, which counts its
 * attempts) or an ordered block (set at block start). So the short attempt
 * start tests this word and ame__rare, not the mode's four sources. */
#define AME__X_AGAIN 16u
/* Allocations and frees. The short commit handles them when this is the
 * only bit (ame__commit_blocks). */
#define AME__X_BLOCKS 32u
_Static_assert(AME__X_MARKED == AME__READ_MARK, "note_locked ORs the mark");

/*--- Globals
 * -----------------------------------------------------------------*/

/* Global version clock: seq << 16, moved only by readers that meet a newer
 * version and by commits that free memory (GV5-style, docs/design.md). */
extern uint64_t ame__clock;
/* membarrier(2) works: attempt start needs no fence of its own. */
extern int ame__asym_fence;
/* What attempt start must look at besides the clock, one bit per global
 * that is rarely set, so the common attempt start loads one word (twice:
 * before and after it publishes active_since). Each bit is set before its
 * global takes the value that needs attention and cleared after it loses
 * it; the serial and stopped bits change only under the inevitability
 * token, so two owners never interleave their updates. */
extern uint32_t ame__rare;
#define AME__RARE_SERIAL 1u    /* ame__serial_owner may be set            */
#define AME__RARE_STOPPED 2u   /* ame__commits_stopped may be set         */
#define AME__RARE_PROFILING 4u /* the conflict profiler runs              */
#define AME__RARE_STAMPS 8u    /* ame_testing_serial_stamps() was called  */
#define AME__RARE_FENCE 16u    /* no membarrier: attempt start fences     */
static inline void ame__rare_set(uint32_t bit) {
  __atomic_fetch_or(&ame__rare, bit, __ATOMIC_SEQ_CST);
}
static inline void ame__rare_clear(uint32_t bit) {
  __atomic_fetch_and(&ame__rare, ~bit, __ATOMIC_SEQ_CST);
}
/* 0 while one thread has used AME: no other thread takes a lock, so the
 * common first write lock of a line is a plain store instead of a locked
 * compare-and-swap (barrier_slow.c). A second thread sets it when it
 * registers, then waits for plain stores in progress (tx.c): 1 while it
 * waits, 2 after (and always without membarrier). */
extern uint32_t ame__many;

/* Work only a thread that has been alone may do (a plain lock store, a
 * commit without validation) runs between making tx->plain_lock odd and
 * even again, after a second look at ame__many: the second thread's
 * hand-over (ame__many_begin, tx.c) fences every thread and waits for each
 * odd plain_lock it sees to change, so after it no such work is in progress
 * and none starts. Returns the value that ends the section (the section is
 * then open), or 0 when another thread has used AME (no section open). */
static AME__ALWAYS_INLINE uint64_t ame__alone_section_begin(struct __ame_tx *tx) {
  if (AME__UNLIKELY(__atomic_load_n(&ame__many, __ATOMIC_RELAXED)))
    return 0;
  uint64_t p = tx->plain_lock;
  /* Two per section: it never wraps to 0, and callers test the result
   * without a second branch once the compiler knows. */
  if (p + 2 == 0)
    __builtin_unreachable();
  __atomic_store_n(&tx->plain_lock, p + 1, __ATOMIC_RELAXED);
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  if (AME__LIKELY(!__atomic_load_n(&ame__many, __ATOMIC_RELAXED)))
    return p + 2;
  __atomic_store_n(&tx->plain_lock, p + 2, __ATOMIC_RELEASE);
  return 0;
}

static AME__ALWAYS_INLINE void ame__alone_section_end(struct __ame_tx *tx,
                                                      uint64_t end) {
  __atomic_store_n(&tx->plain_lock, end, __ATOMIC_RELEASE);
}
/* ame_testing_serial_stamps() was called. */
extern int ame__testing_stamps;
/* ame_testing_owner_naming_hook's function, or NULL (profile.c). */
extern void (*ame__testing_owner_hook)(void);
/* Transaction holding the inevitability token, or 0. */
extern struct __ame_tx *ame__inevitable_owner;

/* A site's strings and kind, whichever way the site holds them
 * (AME_SITE_RELATIVE). */
struct ame__site_names {
  const char *file, *function, *detail;
  uint32_t kind;
};
static inline const char *ame__site_str(const struct __ame_site *s,
                                        const char *field) {
  if (!(s->kind & AME_SITE_RELATIVE))
    return field;
  intptr_t off = (intptr_t)field;
  return off ? (const char *)s + off : NULL;
}
static inline struct ame__site_names
ame__site_names(const struct __ame_site *s) {
  return (struct ame__site_names){
      ame__site_str(s, s->file), ame__site_str(s, s->function),
      ame__site_str(s, s->detail), s->kind & ~AME_SITE_RELATIVE};
}

/* Runtime flags (flags.def). */
struct ame__flags {
#define AME_FLAG(name, env, type, def, help) type name;
#include "flags.def"
#undef AME_FLAG
};
extern struct ame__flags ame__flags;

extern __thread struct __ame_tx *ame__self
    __attribute__((tls_model("initial-exec")));

/* The frame of the innermost handler of an asynchronous signal that this
 * thread runs (signals.c), or 0. */
extern __thread uintptr_t ame__handler_frame
    __attribute__((tls_model("initial-exec")));

/* Whether the caller runs inside the handler of an asynchronous signal,
 * which may have interrupted the C library (malloc holding its lock): then
 * only async-signal-safe calls. A frame below the handler's is inside it;
 * one above it was reached by a jump out of it (siglongjmp), which needs no
 * reset. On an alternate signal stack above the thread's own, code after
 * such a jump still counts as inside: the caller then only does less. */
static inline int ame__in_async_handler(void) {
  uintptr_t h = ame__handler_frame;
  return h && (uintptr_t)__builtin_frame_address(0) < h;
}

/*--- Cross-file private functions -------------------------------------------*/

/* Exported for ame_fastpath.bc, which may only reference exported symbols;
 * not part of abi.def because the pass never calls them by name. The suffix
 * is the version of their parameters (6: the site) and of the descriptor
 * fields and write-log entries the fast paths read (7: 16-byte entries;
 * checked below): change either, bump it, and a module built with a stale
 * ame_fastpath.bc fails to link instead of corrupting memory. */
#define __ame_slow_load __ame_slow_load_v8
#define __ame_slow_store __ame_slow_store_v8
AME__EXPORT uint64_t __ame_slow_load(struct __ame_tx *tx, const void *a,
                                     size_t n, const void *site);
AME__EXPORT void __ame_slow_store(struct __ame_tx *tx, void *a, uint64_t v,
                                  size_t n, const void *site);
/* Byte ranges the inline __ame_load_bytes / __ame_store_bytes leave out. */
#define __ame_slow_load_bytes __ame_slow_load_bytes_v8
#define __ame_slow_store_bytes __ame_slow_store_bytes_v8
AME__EXPORT void __ame_slow_load_bytes(struct __ame_tx *tx, void *dst,
                                       const void *src, size_t n,
                                       const void *site);
AME__EXPORT void __ame_slow_store_bytes(struct __ame_tx *tx, void *dst,
                                        const void *src, size_t n,
                                        const void *site);

void ame__init(void);
/* next_definition.c: the definition of a C library function that libame
 * also defines, as the process would use it without libame; in a static
 * program, static_fallback (glibc's own name for it, or NULL). */
void *ame__next_definition(const char *name, void *static_fallback);
void ame__shadow_init(void);
/* Whether the program runs under valgrind's tool ("core": any tool), whose
 * preload library is in LD_PRELOAD. */
int ame__under_valgrind(const char *tool);

/* line_heap.c: blocks of 1..AME__CACHED_LINES lines side by side. */
void ame__heap_init(void);
/* Looks up the free, realloc and malloc_usable_size that pointers outside
 * the range go to: in a program, before any library's constructor
 * (preinit.c); in libame.so, before its other constructors. */
void ame__heap_next_resolve(void);
/* A block of bytes (whole lines), or NULL: none of that size, or the heap
 * is not in use. Its lines may be locked by someone: take them with a
 * compare-and-swap. */
void *ame__heap_alloc(struct __ame_tx *tx, size_t bytes);
/* Lines of p's block if p is one of the heap's, else 0. */
unsigned ame__heap_lines(const void *p);
/* Back to the shared lists, for any thread's next allocation. */
void ame__heap_release(void *p, unsigned lines);
void ame__heap_fork_lock(void);
void ame__heap_fork_unlock(void);
/* Stops the program if [p, p + n) lies beyond the shadow's range. */
void ame__shadow_check(const void *p, size_t n);
/* Backs the lock words of [p, p + n) with writable pages now, before a bulk
 * read looks at them (shadow.c says why); a no-op where that is unsupported. */
void ame__shadow_populate(const void *p, size_t n);
/* Bulk reads at least this long populate their lock words first: one page of
 * lock words, 512 lines. */
#define AME__POPULATE_MIN (AME__LINE * 512u)
void ame__flags_init(void);
void ame__sandbox_init(void);
void ame__sandbox_fault(struct __ame_tx *tx);
void ame__signals_sandbox(int sig);
struct ame__sigpending *ame__sigpending_new(void);
void ame__signals_run(struct __ame_tx *tx);
/* Blocks every signal in the calling thread, keeping its mask in *saved (put
 * it back with pthread_sigmask(SIG_SETMASK, saved, NULL)): around work during
 * which a handler's block must not run. */
void ame__signals_block_all(sigset_t *saved);
/* The program's signal actions; taken with every signal blocked. */
void ame__signals_lock(void);
void ame__signals_unlock(void);
void ame__fork_init(void);
struct __ame_tx *ame__thread_tx(void);
void ame__stack_bounds(struct __ame_tx *tx);
/* All descriptors, newest first (never removed). */
extern struct __ame_tx *ame__registry;
extern struct __ame_tx *ame__serial_owner;
/* The transaction during which no other transaction may commit, or 0.
 * Hidden, as every runtime symbol: read by each commit after a second thread
 * has come, with one load rather than one through the GOT's address. */
extern AME__HIDDEN struct __ame_tx *ame__commits_stopped;
void ame__commits_wait(struct __ame_tx *tx);
void ame__stop_commits_begin(struct __ame_tx *tx);
/* Lets commits run again, if tx had stopped them. */
void ame__stop_commits_end(struct __ame_tx *tx);
/* Waits until every other thread's window open now has closed (commit.c). */
void ame__wait_windows(struct __ame_tx *tx);
void ame__serial_wait(struct __ame_tx *tx);
void ame__serial_enter(struct __ame_tx *tx);
/* Locks line m in place for an inevitable transaction, waiting for another
 * holder; the entry of the transaction's own write log that holds it
 * instead, or NULL (inevitable.c). */
struct ame__wentry *ame__lock_line(struct __ame_tx *tx, uint64_t *m);
/* Locks line m, seen unlocked at w, in place for the transaction (one
 * compare-and-swap; named first for the profiler) and records it for the
 * commit; 0 if the line changed meanwhile (barrier_slow.c). */
int ame__lock_in_place(struct __ame_tx *tx, uint64_t *m, uint64_t w);
/* AME_CHECK_PRIVATE: stops the program if another block wrote memory this
 * one declared private (private.c). */
void ame__private_check(struct __ame_tx *tx);
/* Another copy of the runtime serves this process (tx.c). */
int ame__other_runtime_active(void);
/* Conflict profiler (profile.c, docs/profile.md). Each out-of-line access
 * entry notes the access it serves, for the abort that may follow: three
 * plain stores, in a path that takes dozens. A macro, so that the code
 * address is the entry's caller. */
#define AME__NOTE_ACCESS(tx, a, site)                                          \
  ((tx)->site_now = (site), (tx)->pc_now = __builtin_return_address(0),        \
   (tx)->addr_now = (a))
extern int ame__profiling;
enum ame__prof_cause {
  AME__PROF_NONE,
  AME__PROF_REFCOUNT, /* an AME_REFCOUNT comparison no longer held */
  AME__PROF_ORDER,    /* stepped aside for an earlier ordered block */
};
enum ame__prof_mode {
  AME__PROF_INEVITABLE,
  AME__PROF_SERIAL,
  AME__PROF_STOP_COMMITS,
  AME__PROF_LINE, /* waits only: for a line another transaction held */
};
void ame__profile_init(void);
void ame__profile_fork_lock(void);
void ame__profile_fork_unlock(int child);
void ame__profile_begin(struct __ame_tx *tx);
void ame__profile_abort(struct __ame_tx *tx, enum ame_abort_cause c);
void ame__profile_commit(struct __ame_tx *tx);
void ame__profile_read(struct __ame_tx *tx, const uint64_t *m);
void ame__profile_lock(struct __ame_tx *tx, const uint64_t *m);
void ame__profile_switch(struct __ame_tx *tx, const struct __ame_site *site,
                         const void *pc, enum ame__prof_mode mode);
/* CLOCK_MONOTONIC in ns, the profile's clock. */
uint64_t ame__profile_now(void);
/* Records that the access at tx->site_now waited since t0 for a line
 * another transaction held, and got it. */
void ame__profile_line_wait(struct __ame_tx *tx, uint64_t t0);
/* Waits like ame__serial_wait / ame__commits_wait, and records the wait. */
void ame__profile_serial_wait(struct __ame_tx *tx);
void ame__profile_commits_wait(struct __ame_tx *tx);

/* Serial commits per site, for AME_STATS (serial_sites.c). */
#define AME__SERIAL_SITES_LISTED 5
void ame__serial_site_commit(const struct __ame_site *site);
int ame__serial_sites_format(char *buf, size_t size, int json);

static inline struct __ame_tx *ame__all_txs(void) {
  return __atomic_load_n(&ame__registry, __ATOMIC_ACQUIRE);
}
/* Descriptors in use by a thread (changed under the registry lock). */
extern uint64_t ame__live_threads;

/* A version this transaction may read: not newer than its snapshot, or
 * committed by this thread (nobody wrote the line since, and the thread's own
 * commits precede this attempt). */
static AME__ALWAYS_INLINE int ame__version_ok(const struct __ame_tx *tx,
                                              uint64_t w) {
  return w <= tx->snapshot || (w & AME__TAG_MASK) == tx->tag_bits;
}
/* A read-log entry still holds: the line is unlocked at a version the
 * snapshot accepts, or locked by this transaction, which found it at such a
 * version. A line this transaction allocated or locked in place was never
 * legitimately read before (fresh memory). */
static AME__ALWAYS_INLINE int ame__rentry_valid(const struct __ame_tx *tx,
                                                const uint64_t *m) {
  uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
  if (AME__LIKELY(!(w & 1)))
    return ame__version_ok(tx, w);
  if (w == tx->inplace_word)
    return 0;
  const struct ame__wentry *e = (const struct ame__wentry *)(w - 1);
  return ame__wentry_owner(e) == tx && ame__version_ok(tx, ame__wentry_old(e));
}
/* Every lock taken on a line looks at the version it replaces. */
static inline void ame__note_locked(struct __ame_tx *tx, uint64_t old) {
  /* A branch, not an OR into memory: marks are rare on written lines, and
   * the store would hold a store-buffer slot (tx_commit.c). */
  if (AME__UNLIKELY(old & AME__READ_MARK))
    tx->extras |= AME__X_MARKED;
}
/* Before the first write lock of an attempt: the lock's own locked
 * instruction orders this store before every later load (commit.c). A
 * transaction that stops commits opens none: nobody commits before its
 * write-back is over, and it waits for lines (inevitable.c). */
static inline void ame__window_open(struct __ame_tx *tx) {
  if (!(tx->wb_slot & 1) && !tx->stops_commits)
    __atomic_store_n(&tx->wb_slot, tx->wb_slot + 1, __ATOMIC_RELAXED);
}
static inline void ame__window_close(struct __ame_tx *tx) {
  if (tx->wb_slot & 1)
    __atomic_store_n(&tx->wb_slot, tx->wb_slot + 1, __ATOMIC_RELEASE);
}
/* The clock as a snapshot: accepts every version whose seq it has reached. */
static inline uint64_t ame__snapshot_of(uint64_t clock) {
  return clock | (AME__TAG_BITS - 1);
}
/* Moves the clock to at least the seq of version w; returns the clock. */
uint64_t ame__clock_advance(uint64_t w);
/* A full barrier in every thread running a transaction (membarrier), for the
 * rare side of a handshake with attempt start. */
void ame__fence_all_threads(void);
/* Registers for membarrier (at startup, and in a forked child). */
void ame__asym_fence_init(void);
/* The serialization point of the current attempt, for ame_testing.h. */
void ame__testing_stamp(struct __ame_tx *tx);

/* C's white space in the "C" locale, as scanf and strtol skip it. */
static inline int ame__space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
/* A private copy of the string at s (slot 0 or 1, reused by the next copy
 * into the slot), read through barriers: up to its NUL, or max bytes (then
 * terminated). */
char *ame__copy_string(struct __ame_tx *tx, unsigned slot, const char *s,
                       size_t max);
void ame__read_seg(struct __ame_tx *tx, void *dst, const void *src, size_t n);
void ame__write_seg(struct __ame_tx *tx, void *dst, const void *src, size_t n);
void ame__read_range(struct __ame_tx *tx, void *dst, const void *src, size_t n);
void ame__write_range(struct __ame_tx *tx, void *dst, const void *src,
                      size_t n);

void ame__rlog_reset(struct __ame_tx *tx);
void ame__rlog_push_slow(struct __ame_tx *tx, uint64_t *m);
void ame__recheck(struct __ame_tx *tx);
#define AME__RCHECK_FIRST 4096 /* first period of the rcheck countdown */
static inline size_t ame__rlog_count(const struct __ame_tx *tx) {
  return tx->rdone + (size_t)(tx->rpos - tx->rcur->slot);
}
struct ame__wentry *ame__wlog_new(struct __ame_tx *tx);
void ame__wlog_pop(struct __ame_tx *tx);
/* ame__wlog_new without the call while the current chunk has room. */
static inline struct ame__wentry *ame__wlog_next(struct __ame_tx *tx) {
  if (AME__LIKELY(tx->wused < tx->wcur->cap)) {
    tx->wcount++;
    return &tx->wcur->e[tx->wused++];
  }
  return ame__wlog_new(tx);
}
/* Takes line m, seen unlocked at version w, with a new write-log entry that
 * holds no bytes yet (the window opened first); NULL, and the entry given
 * back, if another transaction took the line meanwhile. */
static inline struct ame__wentry *ame__wlock(struct __ame_tx *tx, uint64_t *m,
                                             uint64_t w) {
  ame__window_open(tx);
  struct ame__wentry *e = ame__wlog_next(tx);
  ame__wentry_start(e, m, w, 0);
  if (!__atomic_compare_exchange_n(m, &w, (uintptr_t)e | 1, 0,
                                   __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
    ame__wlog_pop(tx);
    return NULL;
  }
  ame__note_locked(tx, w);
  if (ame__shadow_ahead_wanted(m, w))
    ame__shadow_ahead(m, 0);
  return e;
}
void ame__wlog_reset(struct __ame_tx *tx);
/* The first write-log chunk, with the in-place sentinel (descriptor setup). */
void ame__wlog_init(struct __ame_tx *tx);
/* A 64-byte buffer for this attempt's entry whose bytes span words: the
 * next one of the current chunk, inline (a call cost the first write of a
 * line by a vector store a fifth of its instructions, in spills), else the
 * first of the next chunk (log.c). */
unsigned char *ame__line_buffer_chunk(struct __ame_tx *tx);
static AME__ALWAYS_INLINE unsigned char *ame__line_buffer(struct __ame_tx *tx) {
  unsigned char *b = tx->lpos;
  if (AME__UNLIKELY(b == tx->lend))
    return ame__line_buffer_chunk(tx);
  tx->lpos = b + AME__LINE;
  return b;
}
/* The next attempt's first line buffer comes from the start of the first
 * chunk again (attempt start after an extras bit; the short commit). */
static inline void ame__line_buffers_reset(struct __ame_tx *tx) {
  tx->lcur = NULL;
  tx->lpos = tx->lend = NULL;
}

/* Moves the bytes of held entry e, which keeps a word, to a line buffer,
 * masked as before; returns the buffer. */
static AME__ALWAYS_INLINE unsigned char *
ame__wentry_to_line(struct __ame_tx *tx, struct ame__wentry *e) {
  uint64_t k = e->key, old = ame__wkey_mask(k);
  unsigned char *buf = ame__line_buffer(tx);
  if (old)
    __builtin_memcpy(buf + ame__word_base(old), &e->d.word, 8);
  e->d.line = buf;
  *ame__wentry_mask_slot(e) = old;
  e->key = k | AME__WK_LINE;
  return buf;
}

/* Where to write the bytes bits (of a line) of held entry e: returns p such
 * that p[i] is byte i; moves the bytes to a line buffer when they stop
 * fitting one word. Updates the mask. */
static AME__ALWAYS_INLINE unsigned char *
ame__wdata_put(struct __ame_tx *tx, struct ame__wentry *e, uint64_t bits) {
  uint64_t k = e->key;
  if (k & AME__WK_LINE) {
    *ame__wentry_mask_slot(e) |= bits;
    return e->d.line;
  }
  uint64_t old = ame__wkey_mask(k), nm = old | bits;
  if (ame__one_word(nm)) {
    e->key = ame__wkey_word(k, nm);
    return (unsigned char *)((uintptr_t)&e->d.word - ame__word_base(nm));
  }
  unsigned char *buf = ame__wentry_to_line(tx, e);
  *ame__wentry_mask_slot(e) = nm;
  return buf;
}
/* Room for at least bytes bytes (contents kept; doubling, mmap'd). */
void ame__buf_reserve(struct ame__buf *b, size_t bytes);
void ame__buf_release(struct ame__buf *b);
void *ame__map(size_t bytes);
/* Backs the n bytes at p (page-aligned) with writable pages in one system
 * call, as first writes would one fault at a time; 0 if it did. Kernels
 * before 5.14 lack MADV_POPULATE_WRITE: the first failure with EINVAL turns
 * this into a no-op that fails. */
int ame__populate_write(void *p, size_t n);
#define AME__PAIRS(b) ((struct ame__pair *)(b)->base)
/* Inline: every allocation and free in a block pushes a pair or two (genome
 * spent 2% of its time in the call); growing is the rare out-of-line part. */
static inline void ame__buf_push(struct ame__buf *b, uintptr_t a, uintptr_t c) {
  size_t need = (b->len + 1) * sizeof(struct ame__pair);
  if (AME__UNLIKELY(need > b->cap))
    ame__buf_reserve(b, need);
  AME__PAIRS(b)[b->len++] = (struct ame__pair){a, c};
}

/* Calls fn(m) for every slot of the read log. */
#define AME__RLOG_FOREACH(tx, m, body)                                         \
  do {                                                                         \
    for (struct ame__rchunk *c_ = (tx)->rhead; c_; c_ = c_->next) {            \
      uint64_t **end_ = c_ == (tx)->rcur ? (tx)->rpos : c_->slot + c_->cap;    \
      for (uint64_t **p_ = c_->slot; p_ < end_; p_++) {                        \
        uint64_t *m = *p_;                                                     \
        body;                                                                  \
      }                                                                        \
      if (c_ == (tx)->rcur)                                                    \
        break;                                                                 \
    }                                                                          \
  } while (0)

#define AME__WLOG_FOREACH(tx, e, body)                                         \
  do {                                                                         \
    for (struct ame__wchunk *c_ = (tx)->whead; c_; c_ = c_->next) {            \
      size_t n_ = c_ == (tx)->wcur ? (tx)->wused : c_->cap;                    \
      for (size_t i_ = 0; i_ < n_; i_++) {                                     \
        struct ame__wentry *e = &c_->e[i_];                                    \
        body;                                                                  \
      }                                                                        \
      if (c_ == (tx)->wcur)                                                    \
        break;                                                                 \
    }                                                                          \
  } while (0)

int ame__validate(struct __ame_tx *tx);
int ame__extend(struct __ame_tx *tx, uint64_t seen);
void ame__commit(struct __ame_tx *tx);
AME__NORETURN void ame__abort(struct __ame_tx *tx, enum ame_abort_cause c);
void ame__rollback(struct __ame_tx *tx);
void ame__writeback_entry(const struct ame__wentry *e);
extern int ame__masked_stores; /* commit.c */
void ame__masked_stores_init(void);

int ame__inevitable_token_take(struct __ame_tx *tx);
void ame__inevitable_begin(struct __ame_tx *tx);
void ame__inevitable_release(struct __ame_tx *tx);

void ame__alloc_commit(struct __ame_tx *tx, uint64_t ts);
/* Gives back a block nobody can reach any more: kept for this thread's next
 * allocations when it is one of the runtime's small blocks, else free(). */
void ame__block_free(struct __ame_tx *tx, void *p);
/* Reports (and aborts) if AME_IMMUTABLE data the attempt read changed
 * since; empties the list (immutable_check.c). */
void ame__immutable_verify(struct __ame_tx *tx);
void ame__alloc_rollback(struct __ame_tx *tx);

void ame__reclaim_commit(struct __ame_tx *tx, uint64_t ts);
void ame__reclaim_thread_exit(struct __ame_tx *tx);
void ame__reclaim_fork_lock(void);
void ame__reclaim_fork_unlock(void);

void ame__defer_run(struct __ame_tx *tx);

/* Restores the thread's locale and frees the locale objects of the attempt
 * being rolled back (libc_locale.c). */
void ame__locale_rollback(struct __ame_tx *tx);

/* In-order commit (ordered.c). turn is the index of the block allowed to
 * commit next; urgent is index + 1 of a block at its turn that has met a
 * conflict or must wait for others (inevitable, serial), so blocks waiting
 * for a later turn step aside. */
struct ame__order {
  _Alignas(64) uint64_t turn;
  _Alignas(64) uint64_t urgent;
};
/* Attempt start (after attempts++), commit start and the switch to
 * inevitability of a block with tx->order set. */
void ame__order_begin(struct __ame_tx *tx);
void ame__order_commit(struct __ame_tx *tx);
void ame__order_irrevocable(struct __ame_tx *tx);
/* Before a block of an ordered loop locks a line: steps aside (aborts) if
 * it is not at its turn and the holder is waiting. */
void ame__order_check(struct __ame_tx *tx);
/* Conflict on line m (lock word w) held by owner: waits if tx is the holder
 * and owner a later block of the same order; 0 if it did not. */
int ame__order_wait_line(struct __ame_tx *tx, const struct __ame_tx *owner,
                         const uint64_t *m, uint64_t w);
/* The block of index i has committed and run its actions. */
static inline void ame__order_done(struct ame__order *o, uint64_t i) {
  __atomic_store_n(&o->turn, i + 1, __ATOMIC_RELEASE);
}

/* Worker pool (pool.c). run(job, w) runs on workers w = 0 .. n - 1, the
 * caller being worker 0; ame__pool_run returns when all have returned. n is
 * the configured worker count, or 1 when the pool is busy with another job
 * (a loop started by another thread or by a commit action of a task). */
struct ame__job {
  void (*run)(struct ame__job *job, unsigned worker);
  unsigned workers; /* set by ame__pool_run before the first run() */
};
void ame__pool_run(struct ame__job *job);

/* One atomic block calling fn(arg), or fn(i, arg) if indexed, through its
 * transactional clone (parallel.c); without a clone, in serial mode. In a
 * transaction already, joins it. */
void ame__run_item(void *fn, int indexed, size_t i, void *arg);
void ame__rc_clear(struct __ame_tx *tx);

/* AME_REFCOUNT deltas (refcount.c). */
static inline void ame__rc_reset(struct __ame_tx *tx) {
  if (AME__UNLIKELY(tx->rcs.len))
    ame__rc_clear(tx);
}
/* Commit, before anything else: locks the line of every counter with a
 * nonzero delta (aborts if another holds it too long) and notes the version
 * of those only tested; nonzero if it noted one (the commit must then check
 * it with ame__rc_apply, even if it wrote nothing). */
int ame__rc_lock(struct __ame_tx *tx);
/* Commit, all lines locked and reads validated: checks every comparison
 * against the counter plus its partial delta and adds the deltas; 0 (and
 * nothing changed) if a comparison no longer holds. */
int ame__rc_apply(struct __ame_tx *tx);
/* Turning inevitable: locks the counters' lines in place, checks and adds as
 * ame__rc_apply, and empties the log; 0 if a comparison fails. */
int ame__rc_inevitable(struct __ame_tx *tx);
/* Snapshot extension: every comparison still holds now. */
int ame__rc_preds_hold(struct __ame_tx *tx);
/* The attempt's frames, written in place (barrier_slow.c). */
int ame__on_own_stack(const struct __ame_tx *tx, const void *a);

/* The thread leaves its transaction (depth 0): from here on a signal's
 * handler runs at once, and those of the signals that arrived inside run
 * now. The signal fences keep the compiler from moving the store. */
static inline void ame__outside(struct __ame_tx *tx) {
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  tx->depth = 0;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  if (AME__UNLIKELY(__atomic_load_n(&tx->sig_pending, __ATOMIC_RELAXED)))
    ame__signals_run(tx);
}

/* Leaving a block other than through its end (leave.c). */
void ame__leave_unwound(struct __ame_tx *tx);
/* The cleanup of ame__call_body's guard, which is set only while the body
 * runs: inline, so a body that returns pays a test, not a call. */
static inline void ame__unwind_guard(struct __ame_tx **guard) {
  if (AME__UNLIKELY(*guard))
    ame__leave_unwound(*guard);
}
void ame__commit_abandoned(struct __ame_tx *tx, const char *how);
int ame__block_was_left(const struct __ame_tx *tx, uintptr_t frame);

void ame__stats_fold(struct __ame_tx *tx);
void ame__stats_at_exit(void);
static inline void ame__stats_max(uint64_t *slot, uint64_t v) {
  if (v > *slot)
    *slot = v;
}

static inline void ame__pause(void) { __builtin_ia32_pause(); }

/* One step of waiting for another thread: spin briefly, then yield, since the
 * thread waited for may be descheduled (2 cores, many threads). */
static inline void ame__spin_wait(unsigned spins) {
  if (spins < 1000)
    ame__pause();
  else
    sched_yield();
}

#endif /* AME_RUNTIME_INTERNAL_H */
