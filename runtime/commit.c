/*===- commit.c - Validation, commit, write-back, privatization wait -------===
 *
 * A writer reads the clock once all its lines are locked (its serialization
 * point), takes a timestamp above that and above every version it replaces,
 * validates its read log, writes back only the bytes it wrote, and releases
 * its locks with the timestamp. Before it writes back, a commit that
 * overwrote a line some other commit may have read without holding waits for
 * the write-backs that may be in progress, so code after an atomic block that
 * privatized data never races with an older transaction's write-back. On
 * disjoint data none of this writes a cache line that another thread reads.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <sched.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* Everything read is unchanged since the snapshot (ame__rentry_valid). */
int ame__validate(struct __ame_tx *tx) {
  for (struct ame__rchunk *c = tx->rhead; c; c = c->next) {
    uint64_t **end = c == tx->rcur ? tx->rpos : c->slot + c->cap;
    for (uint64_t **p = c->slot; p < end; p++)
      if (!ame__rentry_valid(tx, *p))
        return 0;
    if (c == tx->rcur)
      break;
  }
  return 1;
}

/* Commit-time validation of a writer, which also marks (AME__READ_MARK)
 * each line it read but does not hold, unless a commit marked it already
 * since its last write: a later writer of that line learns from its old
 * version that it must wait for write-backs in progress. The mark is set by a
 * compare-and-swap from the version validated, so it also validates. */
static int ame__validate_and_mark(struct __ame_tx *tx) {
  AME__RLOG_FOREACH(tx, m, {
    uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
    for (;;) {
      if (w & 1) {
        const struct ame__wentry *e = (const struct ame__wentry *)(w - 1);
        if (w == tx->inplace_word || ame__wentry_owner(e) != tx ||
            !ame__version_ok(tx, ame__wentry_old(e)))
          return 0;
        break;
      }
      if (!ame__version_ok(tx, w))
        return 0;
      if (AME__LIKELY(w & AME__READ_MARK) ||
          __atomic_compare_exchange_n(m, &w, w | AME__READ_MARK, 0,
                                      __ATOMIC_SEQ_CST, __ATOMIC_ACQUIRE))
        break;
    }
  });
  return 1;
}

/* While only this thread has used AME nobody else commits, so the read log
 * of a writer needs no validation, and no other transaction can lock a line
 * it read while its write-back runs, so those lines need no read mark
 * either. And the clock can follow its commits with a plain store: its next
 * snapshot then accepts the lines it wrote as not newer (w <= snapshot)
 * instead of by its tag, a branch that a scan of lines it wrote among older
 * ones mispredicted about every other line. All of it happens inside the
 * alone section (internal.h), from before validation would run to after the
 * write-back and the clock store, so a second thread's first block starts
 * after them, and every commit after the hand-over validates, marks and
 * leaves the clock alone. end: what ame__alone_section_begin returned (0:
 * not alone, nothing to do). */
static AME__ALWAYS_INLINE void ame__alone_commit_end(struct __ame_tx *tx,
                                                     uint64_t end,
                                                     uint64_t ts) {
  if (end) {
    __atomic_store_n(&ame__clock, ts & ~AME__TAG_BITS, __ATOMIC_RELAXED);
    ame__alone_section_end(tx, end);
  }
}

/* Write back exactly the bytes the transaction wrote: a neighbour that shares
 * the line but not the bytes (another object, written outside transactions)
 * is never overwritten with a stale copy, and no word is read and rewritten.
 * Each run of written bytes goes out as 8-, 4-, 2- and 1-byte stores covering
 * exactly its bytes. */
static AME__ALWAYS_INLINE void ame__write_masked(unsigned char *line,
                                                 const unsigned char *data,
                                                 uint64_t mask) {
  while (mask) {
    unsigned i = (unsigned)__builtin_ctzll(mask);
    uint64_t run = mask >> i;
    if ((run & 0xff) == 0xff) {
      memcpy(line + i, data + i, 8);
      mask &= ~(0xffull << i);
    } else if ((run & 0xf) == 0xf) {
      memcpy(line + i, data + i, 4);
      mask &= ~(0xfull << i);
    } else if ((run & 0x3) == 0x3) {
      memcpy(line + i, data + i, 2);
      mask &= ~(0x3ull << i);
    } else {
      line[i] = data[i];
      mask &= mask - 1;
    }
  }
}
/* Out of line where it is rare (a line buffer's mask, a word of several
 * runs); the short commit's loop inlines ame__write_masked instead, so that
 * it makes no call. */
static AME__NOINLINE void ame__writeback_runs(unsigned char *line,
                                              const unsigned char *data,
                                              uint64_t mask) {
  ame__write_masked(line, data, mask);
}

/* Nonzero when the processor has AVX-512BW and AVX-512VL and the kernel
 * saves their registers (ame__masked_stores_init, at startup): a line
 * buffer's partial write-back is then two 32-byte stores with a byte mask
 * (vmovdqu8), which write exactly the masked bytes, like the runs above. A
 * labyrinth block (bench/shapes.c) writes back about a dozen partly written
 * lines; the runs cost a call and a loop iteration per run. Two 32-byte
 * halves rather than one 64-byte store: 512-bit instructions lower the clock
 * of some Intel processors for a while after them. */
int ame__masked_stores;

void ame__masked_stores_init(void) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  ame__masked_stores =
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
#endif
}

#if defined(__x86_64__)
/* Out of line: only a function compiled for AVX-512 may use its
 * instructions (the compiler adds the vzeroupper that keeps the SSE code
 * after it at full speed on Intel processors). */
__attribute__((target("avx512bw,avx512vl"))) static AME__NOINLINE void
ame__store_masked_line(unsigned char *line, const unsigned char *data,
                       uint64_t mask) {
  _mm256_mask_storeu_epi8(line, (__mmask32)mask,
                          _mm256_loadu_si256((const __m256i *)data));
  _mm256_mask_storeu_epi8(line + 32, (__mmask32)(mask >> 32),
                          _mm256_loadu_si256((const __m256i *)(data + 32)));
}
#else
#define ame__store_masked_line ame__writeback_runs
#endif

/* The common cases inline: bytes in one word (in the entry: a single run of
 * 8, 4, 2 or 1 bytes is one store), or the whole line (one 64-byte copy). */
static AME__ALWAYS_INLINE void ame__writeback_inline(const struct ame__wentry *e) {
  uint64_t k = e->key;
  unsigned char *line = ame__line_of(ame__wentry_meta(e));
  if (AME__LIKELY(!(k & AME__WK_LINE))) {
    uint64_t bytes = k & AME__WK_BYTES;
    unsigned base = ame__wkey_base(k);
    /* One aligned word, the commonest case (a long, a pointer): first. */
    if (AME__LIKELY(bytes == 0xFF)) {
      memcpy(line + base, &e->d.word, 8);
      return;
    }
    if (AME__UNLIKELY(!bytes))
      return;
    unsigned j = (unsigned)__builtin_ctzll(bytes);
    const unsigned char *data = (const unsigned char *)&e->d.word + j;
    switch (bytes >> j) {
    case 0xf:
      memcpy(line + base + j, data, 4);
      return;
    case 0x3:
      memcpy(line + base + j, data, 2);
      return;
    case 0x1:
      line[base + j] = *data;
      return;
    default:
      ame__writeback_runs(line, data - j - base, bytes << base);
      return;
    }
  }
  uint64_t mask = *ame__wentry_mask_slot(e);
  if (mask == ~0ull) {
    memcpy(line, e->d.line, AME__LINE);
    return;
  }
  if (ame__masked_stores) {
    ame__store_masked_line(line, e->d.line, mask);
    return;
  }
  ame__writeback_runs(line, e->d.line, mask);
}

void ame__writeback_entry(const struct ame__wentry *e) {
  ame__writeback_inline(e);
}

/* Privatization safety. The hazard: T1 read a line F it does not hold and
 * wrote X; after T1 validated F, T2 overwrote F (say, unlinking X) and
 * committed; T2's thread then uses X without transactions while T1 is still
 * writing X back. T1 marked F when it validated it (or found it marked), so
 * T2 saw the mark in F's old version when it locked F. T1's window is its
 * odd wb_slot, stored before its first write lock, whose locked instruction
 * made it visible before T1's validation loads, so before T2's lock of F and
 * T2's loads here. T2 waits for every window open now to close, before it
 * releases its own locks: a reader that learns of the privatization from T2's
 * writes (proxy privatization) comes after that. A window never waits: an
 * attempt in its body that needs a line the waiter holds aborts, and a
 * committer waits with its own window closed, so this ends. */
AME__NOINLINE void ame__wait_windows(struct __ame_tx *tx) {
  for (struct __ame_tx *o = ame__all_txs(); o; o = o->next_all) {
    if (o == tx)
      continue;
    uint64_t s = __atomic_load_n(&o->wb_slot, __ATOMIC_ACQUIRE);
    if (!(s & 1))
      continue;
    for (unsigned spins = 0; __atomic_load_n(&o->wb_slot, __ATOMIC_ACQUIRE) == s;
         spins++)
      ame__spin_wait(spins);
  }
}

/* The commit's serialization point: every line it writes is locked, so the
 * clock read here is a time at which its writes can be placed; the
 * timestamp is above that clock, so a snapshot taken before this point
 * rejects the new versions. It is also above every version another thread
 * may have accepted (never above the clock), and this thread's own versions
 * are accepted only by itself, between its commits: so every reader that
 * accepted the old version of a line sees the new one differ. Locks were
 * taken by locked instructions, which are visible before this load. */
static uint64_t ame__timestamp(struct __ame_tx *tx) {
  /* Any time between the last lock and validation is a serialization point;
   * the test stamp is taken before the clock is read, a reader's after: a
   * reader that accepts this commit's versions read the clock later. */
  if (AME__UNLIKELY(ame__testing_stamps))
    ame__testing_stamp(tx);
  uint64_t c = __atomic_load_n(&ame__clock, __ATOMIC_SEQ_CST);
  return ((c & ~AME__TAG_BITS) + AME__SEQ_ONE) | tx->own_tag_bits;
}

static AME__ALWAYS_INLINE void ame__commit_stats(struct __ame_tx *tx) {
  struct ame_stats *s = &tx->stats;
  s->commits++;
  if (AME__UNLIKELY(tx->profiling))
    ame__profile_commit(tx);
  ame__stats_max(&s->max_attempts, tx->attempts);
  ame__stats_max(&s->max_read_log, ame__rlog_count(tx));
  ame__stats_max(&s->max_write_log, tx->wcount);
  ame__stats_max(&s->max_alloc_bytes, tx->alloc_bytes);
}

/* Frees are reclaimed once every running transaction started after ts; the
 * clock must reach ts for that (commits do not move it otherwise). */
static void ame__after_commit(struct __ame_tx *tx, uint64_t ts) {
  tx->last_serial_ts = tx->serial_stamp;
  __atomic_store_n(&tx->active_since, 0, __ATOMIC_RELEASE);
  if (tx->frees.len || tx->limbo.len) {
    if (tx->frees.len)
      ame__clock_advance(ts);
    ame__reclaim_commit(tx, ts);
  }
}

/* Any commit; ame__commit takes the short way when tx->extras allows. */
static AME__NOINLINE void ame__commit_general(struct __ame_tx *tx) {
  if (AME__UNLIKELY(tx->order))
    ame__order_commit(tx);
  if (AME__UNLIKELY(tx->privates.len))
    ame__private_check(tx);
  if (tx->inevitable) {
    /* Two-phase locking: it holds every line it read or wrote, so nobody
     * committed over its reads and its writes are in place already. */
    if (AME__UNLIKELY(tx->imm_reads.len))
      ame__immutable_verify(tx);
    ame__commit_stats(tx);
    tx->stats.inevitable_commits++;
    /* Serial: it ran code without barriers, which may have written. */
    int serial = __atomic_load_n(&ame__serial_owner, __ATOMIC_RELAXED) == tx;
    if (serial) {
      tx->stats.serial_commits++;
      ame__serial_site_commit(tx->serial_site);
      tx->serial_site = NULL;
    }
    int read_only = !serial && !tx->wrote_in_place && tx->allocs.len == 0 &&
                    tx->frees.len == 0;
    uint64_t ts = ame__timestamp(tx);
    if (tx->extras & AME__X_MARKED)
      ame__wait_windows(tx);
    struct ame__pair *l = AME__PAIRS(&tx->ilocks);
    for (size_t i = 0; i < tx->ilocks.len; i++)
      __atomic_store_n((uint64_t *)l[i].a, ts, __ATOMIC_RELEASE);
    ame__alloc_commit(tx, ts);
    ame__inevitable_release(tx);
    /* It held every line it read until ts: if it wrote nothing, it is a
     * reader serialized at ts. (Only reporting depends on wrote_in_place;
     * every lock is released with version ts either way.) */
    tx->stats.read_only_commits += read_only;
    tx->last_read_only = read_only;
    ame__after_commit(tx, ts);
    return;
  }
  /* Counters' lines first: they are written lines from here on. */
  int rc_observed = 0;
  if (AME__UNLIKELY(tx->rcs.len))
    rc_observed = ame__rc_lock(tx);
  if (tx->wcount == 0 && tx->allocs.len == 0 && tx->frees.len == 0 &&
      !rc_observed) {
    /* Read-only: consistent at its (last extended) snapshot. Whatever it
     * learned from a privatizer's commit, that commit waited for older
     * write-backs before releasing its lines. */
    if (AME__UNLIKELY(tx->imm_reads.len))
      ame__immutable_verify(tx);
    ame__commit_stats(tx);
    tx->stats.read_only_commits++;
    if (AME__UNLIKELY(tx->stops_commits)) {
      tx->stats.inevitable_commits++;
      ame__inevitable_release(tx);
    }
    tx->last_read_only = 1;
    tx->last_serial_ts = tx->serial_stamp;
    __atomic_store_n(&tx->active_since, 0, __ATOMIC_RELEASE);
    return;
  }
  /* A transaction that stops commits skips all of this: nobody committed
   * since it started (inevitable.c), so there is nothing to validate and no
   * write-back of another in progress. */
  int stopper = tx->stops_commits;
  if (AME__UNLIKELY(tx->extras & AME__X_MARKED) && !stopper) {
    /* Nobody needs to wait for this transaction before it validates, so its
     * window is closed while it waits (two waiters never wait for each
     * other), and opened again with a fence of its own. */
    ame__window_close(tx);
    ame__wait_windows(tx);
    __atomic_store_n(&tx->wb_slot, tx->wb_slot + 1, __ATOMIC_SEQ_CST);
  }
  /* With its window open: ame__stop_commits_begin either sees the window or
   * this load sees the flag. */
  if (AME__UNLIKELY(!stopper &&
                    __atomic_load_n(&ame__commits_stopped, __ATOMIC_SEQ_CST))) {
    ame__window_close(tx);
    ame__abort(tx, AME_ABORT_INEVITABLE);
  }
  /* Only now: after the wait and the check, so that a transaction that
   * stopped commits meanwhile is ordered before this one. */
  uint64_t ts = ame__timestamp(tx);
  /* Counters are checked in the validation's critical section: not here. */
  uint64_t alone = !stopper && !tx->rcs.len ? ame__alone_section_begin(tx) : 0;
  if (!stopper && !alone && !ame__validate_and_mark(tx)) {
    ame__window_close(tx);
    ame__abort(tx, AME_ABORT_VALIDATION);
  }
  /* Reads hold and every line is locked: the counters' comparisons are
   * checked and their deltas added at this serialization point. */
  if (AME__UNLIKELY(tx->rcs.len) && !ame__rc_apply(tx)) {
    ame__window_close(tx);
    ame__abort(tx, AME_ABORT_VALIDATION);
  }
  /* After validation (a doomed attempt may have read privatized memory that
   * plain code reused) and before the write-back (its own stores to such
   * data were checked where they happened). */
  if (AME__UNLIKELY(tx->imm_reads.len))
    ame__immutable_verify(tx);
  AME__WLOG_FOREACH(tx, e, {
    ame__writeback_inline(e);
    __atomic_store_n(ame__wentry_meta(e), ts, __ATOMIC_RELEASE);
  });
  ame__alone_commit_end(tx, alone, ts);
  if (tx->allocs.len)
    ame__alloc_commit(tx, ts);
  ame__window_close(tx);
  ame__commit_stats(tx);
  if (AME__UNLIKELY(stopper)) {
    tx->stats.inevitable_commits++;
    ame__inevitable_release(tx);
  }
  tx->last_read_only = 0;
  ame__after_commit(tx, ts);
}

/* The short write-back when no entry has a line buffer (tx->lcur is
 * NULL), so each holds the bytes it wrote of one word. No calls, so the loop's
 * values need no callee-saved registers. */
static AME__ALWAYS_INLINE void ame__writeback_words(struct ame__wentry *e,
                                                    size_t n, uint64_t ts) {
  do {
    uint64_t k = e->key;
    uint64_t *m = ame__wentry_meta(e);
    unsigned char *p = ame__line_of(m) + ame__wkey_base(k);
    uint64_t bytes = k & AME__WK_BYTES;
    if (AME__LIKELY(bytes == 0xFF))
      memcpy(p, &e->d.word, 8);
    else /* inline: none but the bytes written, without a call */
      ame__write_masked(p, (const unsigned char *)&e->d.word, bytes);
    __atomic_store_n(m, ts, __ATOMIC_RELEASE);
    e++;
  } while (--n);
}

/* The end of every short commit: the first attempt, so max_attempts counts
 * it already (AME__X_AGAIN); the read log left empty for the next short
 * attempt start, which does not look at it. */
static AME__ALWAYS_INLINE void ame__commit_end(struct __ame_tx *tx) {
  tx->stats.commits++;
  uint64_t **first = tx->rhead->slot;
  if (AME__UNLIKELY(tx->rpos != first)) {
    ame__stats_max(&tx->stats.max_read_log, (size_t)(tx->rpos - first));
    tx->rpos = first;
    tx->rlast = NULL;
  }
  __atomic_store_n(&tx->active_since, 0, __ATOMIC_RELEASE);
}

/* The commit of an attempt that did nothing tx->extras records but, when
 * `blocks` is set, allocate or free (AME__X_BLOCKS): not inevitable,
 * ordered, profiled, stamped or retried (so its first attempt); one chunk of
 * each log (line buffers too); no actions or counters; no read-marked line
 * locked (so no window wait). The general path's steps for that case,
 * nothing else. It leaves the logs and the lists empty and tx->extras 0, so
 * that the next short attempt start need not look at them. */
static AME__ALWAYS_INLINE void ame__commit_short(struct __ame_tx *tx,
                                                 const int blocks) {
  struct ame_stats *st = &tx->stats;
  size_t writes = tx->wcount;
  /* An attempt that allocated or freed has a timestamp to stamp the new
   * lines with and to free the old ones after, as a writer does; unless it
   * freed what it allocated and nothing else. */
  int updates = writes != 0;
  if (blocks) {
    updates |= tx->allocs.len != 0 || tx->frees.len != 0;
    /* What attempt start would reset for AME__X_BLOCKS (ame__begin_reset):
     * the lists are empty once this commit ends, and only lines the attempt
     * allocated were written in place. An abort below sets AME__X_AGAIN. */
    ame__stats_max(&st->max_alloc_bytes, tx->alloc_bytes);
    tx->alloc_bytes = 0;
    tx->wrote_in_place = 0;
    tx->extras = 0;
  }
  /* last_read_only is stored only when it changes, as most of attempt
   * start's state: each store holds a store-buffer slot while the body's
   * misses are outstanding (tx_commit.c). */
  if (!updates) {
    if (AME__UNLIKELY(!tx->last_read_only))
      tx->last_read_only = 1;
    st->read_only_commits++;
    ame__commit_end(tx);
    return;
  }
  if (AME__UNLIKELY(tx->last_read_only))
    tx->last_read_only = 0;
  uint64_t alone = ame__alone_section_begin(tx);
  /* ame__timestamp without the test stamp (AME__X_MODE). */
  uint64_t ts;
  if (AME__LIKELY(alone)) {
    /* Nobody stops commits: that is another thread's, which would wait for
     * this section before its first block. */
    uint64_t c = __atomic_load_n(&ame__clock, __ATOMIC_RELAXED);
    ts = ((c & ~AME__TAG_BITS) + AME__SEQ_ONE) | tx->own_tag_bits;
  } else {
    if (AME__UNLIKELY(
            __atomic_load_n(&ame__commits_stopped, __ATOMIC_SEQ_CST))) {
      ame__window_close(tx);
      ame__abort(tx, AME_ABORT_INEVITABLE);
    }
    uint64_t c = __atomic_load_n(&ame__clock, __ATOMIC_SEQ_CST);
    ts = ((c & ~AME__TAG_BITS) + AME__SEQ_ONE) | tx->own_tag_bits;
    if (tx->rpos != tx->rhead->slot && !ame__validate_and_mark(tx)) {
      ame__window_close(tx);
      ame__abort(tx, AME_ABORT_VALIDATION);
    }
  }
  if (AME__UNLIKELY(tx->lcur)) {
    /* Some entries keep a line buffer (of the first chunk: a second one
     * sets AME__X_LOGS). */
    struct ame__wentry *e = tx->whead->e;
    for (size_t i = 0; i < writes; i++, e++) {
      ame__writeback_inline(e);
      __atomic_store_n(ame__wentry_meta(e), ts, __ATOMIC_RELEASE);
    }
    ame__line_buffers_reset(tx);
  } else if (!blocks || writes) {
    ame__writeback_words(tx->whead->e, writes, ts);
  }
  if (AME__LIKELY(alone)) {
    __atomic_store_n(&ame__clock, ts & ~AME__TAG_BITS, __ATOMIC_RELAXED);
    ame__alone_section_end(tx, alone);
  }
  if (blocks && tx->allocs.len)
    ame__alloc_commit(tx, ts);
  ame__window_close(tx);
  /* Loaded again rather than kept across the write-back, whose loop needs
   * every register it can get. */
  writes = tx->wcount;
  ame__stats_max(&st->max_write_log, writes);
  tx->wused = 0;
  tx->wcount = 0;
  ame__commit_end(tx);
  if (blocks && tx->frees.len) {
    /* Reclamation waits for the clock to reach ts (ame__after_commit). */
    ame__clock_advance(ts);
    ame__reclaim_commit(tx, ts);
  } else if (AME__UNLIKELY(tx->limbo.len)) {
    /* Blocks freed earlier may be reclaimable now. */
    ame__reclaim_commit(tx, ts);
  }
}

static AME__NOINLINE void ame__commit_blocks(struct __ame_tx *tx) {
  ame__commit_short(tx, 1);
}

/* Returns nonzero if it took the general path (which may leave commit
 * actions). */
static AME__ALWAYS_INLINE int ame__commit_inline(struct __ame_tx *tx) {
  /* stack_span stays: only barriers read it, none runs until the next
   * attempt, which keeps it only if it runs from the same frame. */
  tx->in_body = 0;
  if (AME__UNLIKELY(tx->extras)) {
    if (tx->extras == AME__X_BLOCKS) {
      ame__commit_blocks(tx);
      return 0;
    }
    ame__commit_general(tx);
    /* The next block's first attempt: blocks start with it rather than
     * store it (ame__run_outermost), and only a retry moves it. */
    if (tx->attempts != 1)
      tx->attempts = 1;
    return 1;
  }
  ame__commit_short(tx, 0);
  return 0;
}

/* ame__attempt inlines the commit (tx_commit.c); leave.c calls this copy. */
void ame__commit(struct __ame_tx *tx) { (void)ame__commit_inline(tx); }
