/*===- barrier_slow.c - Slow paths of the barriers -------------------------===
 *
 * Everything the inline fast paths leave out: accesses crossing a line,
 * snapshot extension (LSA), lock acquisition for the first write of a line,
 * conflicts, inevitable mode (which locks what it reads), read-log growth
 * with periodic validation (so a doomed loop that keeps reading ends).
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <sched.h>
#include <string.h>

/* How long to wait for a line another transaction holds before aborting: long
 * enough to ride out a commit's write-back, short enough that two running
 * transactions that conflict do not wait for each other. */
#define AME__CONFLICT_SPINS 256

/* 0xFF in byte i of the result for each bit i of bits (below 256). */
static AME__ALWAYS_INLINE uint64_t ame__byte_mask(uint64_t bits) {
  uint64_t x = (bits * 0x0101010101010101ull) & 0x8040201008040201ull;
  x = ((x + 0x7F7F7F7F7F7F7F7Full) | x) & 0x8080808080808080ull;
  return (x >> 7) * 0xFF;
}

/* Bytes of a line this transaction holds through entry e: those it wrote
 * from the redo buffer, the others from memory (nobody else changes the
 * memory of a held line). */
static AME__ALWAYS_INLINE void ame__read_held(struct __ame_tx *tx,
                                              const struct ame__wentry *e,
                                              void *dst, const void *src,
                                              size_t n) {
  unsigned off = (uintptr_t)src & (AME__LINE - 1);
  uint64_t need = ame__len_mask(n, off);
  uint64_t mask = ame__wentry_mask(e), have = mask & need;
  const unsigned char *data = ame__wdata(e);
  if (have == need) {
    ame__copy_upto_line(dst, data + off, n);
    return;
  }
  if (have == 0) {
    ame__copy_upto_line(dst, src, n);
    if (--tx->rcheck <= 0)
      ame__recheck(tx);
    return;
  }
#ifndef AME__ASAN
  /* Some bytes written, some not (a one-byte tag stored beside a value the
   * block did not write: Lua's TValue, and the 16-byte copies that read
   * both): each aligned word of memory blended with the entry's word by
   * its written bytes. The byte loop below took a sixth of the time of a
   * Lua script run in a block. Only words with written bytes are read from
   * the entry: one that keeps a single word has no others. Reading whole
   * words of memory is reading inside the held line; AddressSanitizer
   * would see the bytes outside the object read, hence the loop there. */
  const unsigned char *line = (const unsigned char *)src - off;
  uint64_t words[AME__LINE / 8];
  unsigned first = off & ~7u, last = (off + (unsigned)n - 1) & ~7u;
  for (unsigned w = first; w <= last; w += 8) {
    uint64_t v, bits = (mask >> w) & 0xFF;
    memcpy(&v, line + w, 8);
    if (bits) {
      uint64_t mine, bytes = ame__byte_mask(bits);
      memcpy(&mine, data + w, 8);
      v = (v & ~bytes) | (mine & bytes);
    }
    words[w / 8] = v;
  }
  memcpy(dst, (const unsigned char *)words + off, n);
#else
  unsigned char *d = dst;
  const unsigned char *s = src;
  for (size_t i = 0; i < n; i++)
    d[i] = (mask >> (off + i)) & 1 ? data[off + i] : s[i];
#endif
}

uint64_t ame__clock_advance(uint64_t w) {
  uint64_t target = w & ~AME__TAG_BITS;
  uint64_t c = __atomic_load_n(&ame__clock, __ATOMIC_SEQ_CST);
  while (c < target &&
         !__atomic_compare_exchange_n(&ame__clock, &c, target, 0,
                                      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
  }
  return c < target ? target : c;
}

/* LSA snapshot extension: if everything read is still unchanged, the
 * transaction may as well have started now. The clock is first moved to the
 * version that made the extension necessary (seen; 0 for none): commits do
 * not move it, so the reader that meets a newer version does. Validation
 * comes after the clock is read, so the reads hold at that instant. */
int ame__extend(struct __ame_tx *tx, uint64_t seen) {
  uint64_t now = ame__clock_advance(seen);
  if (AME__UNLIKELY(ame__testing_stamps))
    ame__testing_stamp(tx);
  /* While it stops commits nothing it read can change, and lines it read
   * under another transaction's lock would not validate. */
  if (!tx->stops_commits && !ame__validate(tx))
    return 0;
  /* Comparisons of reference counts hold at the new snapshot too (opacity:
   * the body never sees their outcomes disagree with what it reads). */
  if (AME__UNLIKELY(tx->rcpreds.len) && !ame__rc_preds_hold(tx))
    return 0;
  tx->snapshot = ame__snapshot_of(now);
  /* The profiler sends every read to the slow path (profile.c). */
  tx->rlimit = AME__UNLIKELY(tx->profiling) ? 0 : tx->snapshot + 2;
  return 1;
}

/* Periodic validation (see ame__rlog_push_slow and ame__recheck): extend if
 * the clock moved, else only check; returns the growth factor until the next
 * one. Commits do not move the clock, so a privatizer's commit may leave it
 * where it was: a doomed transaction must be found by checking anyway, but
 * less often, so a long transaction next to commits on other data pays a
 * small fraction of its reads for it. */
static unsigned ame__validate_periodic(struct __ame_tx *tx) {
  if (tx->stops_commits)
    return 8; /* nothing it read can change (inevitable.c) */
  uint64_t c = __atomic_load_n(&ame__clock, __ATOMIC_ACQUIRE);
  if (ame__snapshot_of(c) != tx->snapshot) {
    if (!ame__extend(tx, 0))
      ame__abort(tx, AME_ABORT_VALIDATION);
    return 2;
  }
  if (!ame__validate(tx))
    ame__abort(tx, AME_ABORT_VALIDATION);
  return 8;
}

/* How long an older transaction waits for a younger one's line before it
 * gives up all the same: ame__spin_wait rounds (1000 pauses, then yields),
 * seconds. A safety net only: the rules of ame__older and ame__wait_older
 * already rule out a cycle of waits. */
#define AME__OLDER_SPINS (1u << 22)

/* Tickets of ame__older, taken only when transactions meet. */
static _Alignas(64) uint64_t ame__age_next;

static uint64_t ame__age_of(struct __ame_tx *tx) {
  uint64_t a = __atomic_load_n(&tx->age, __ATOMIC_ACQUIRE);
  if (a)
    return a;
  uint64_t t = __atomic_add_fetch(&ame__age_next, 1, __ATOMIC_RELAXED);
  return __atomic_compare_exchange_n(&tx->age, &a, t, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)
             ? t
             : a;
}

/* Whether tx may wait for owner's line past the short spin: wait-die
 * (Rosenkrantz, Stearns, Lewis, TODS 1978) on tickets. A block gets its
 * ticket the first time it meets another's lock or is met (the one that
 * meets takes its own first, so it is the older), and keeps it across
 * retries until the block ends. The older waits, the younger aborts as
 * before: waits go from lower tickets to higher ones only, so they form no
 * cycle. Two blocks that run side by side and meet at the end of their work
 * (two word-count chunks adding new words to one map) then finish one after
 * the other instead of one of them losing its whole attempt, again and
 * again while they stay in step. Ordered items keep their own rule (the
 * holder never waits for a later item): an item waits only for an earlier
 * item of its own loop, and nobody else waits for an item. */
static int ame__older(struct __ame_tx *tx, struct __ame_tx *owner,
                      uint64_t *owner_age) {
  struct ame__order *o = __atomic_load_n(&owner->order, __ATOMIC_RELAXED);
  *owner_age = 0;
  if (tx->order)
    return o == tx->order &&
           __atomic_load_n(&owner->order_index, __ATOMIC_RELAXED) <
               tx->order_index;
  if (o)
    return 0;
  uint64_t mine = ame__age_of(tx);
  *owner_age = ame__age_of(owner);
  return mine < *owner_age;
}

/* The long wait of an older transaction. Its window is closed meanwhile, as
 * in ame__commit's wait: nobody needs to wait for a transaction that has not
 * validated, and a commit that waits for open windows (the owner's, maybe)
 * must not wait for this one. It gives up when the owner may wait for it or
 * for every attempt: the owner became inevitable (it then waits for lines),
 * a transaction runs serially or stops commits, or (an ordered item) the
 * holder of its loop needs it out of the way (ame__order_check aborts).
 *
 * It also gives up when the owner's block has ended: its age is no longer
 * owner_age, the ticket ame__older compared (the next block starts at 0;
 * reading the age here instead could see that 0 already, and then
 * nothing would change it). The lock word names the owner's write-log
 * entry, which its next block reuses: an owner that commits and takes the
 * line again at once (a loop of short blocks writing one variable) shows
 * the same lock word, and the moment between its blocks is shorter than a
 * cache line's trip between CPUs. The waiter then waited on through the
 * owner's later blocks, younger than itself, until it happened to see
 * such a moment, or for AME__OLDER_SPINS; now it aborts, its retry waits
 * for the block that holds the line then, and the retry limit bounds how
 * often (test/runtime/conflict-older-stops-waiting-for-next-block.c). */
static int ame__wait_older(struct __ame_tx *tx, struct __ame_tx *owner,
                           uint64_t owner_age, const uint64_t *m, uint64_t w) {
  int open = (int)(tx->wb_slot & 1);
  ame__window_close(tx);
  int got = 1;
  for (unsigned spins = 0; __atomic_load_n(m, __ATOMIC_ACQUIRE) == w; spins++) {
    if (__atomic_load_n(&ame__inevitable_owner, __ATOMIC_RELAXED) == owner ||
        __atomic_load_n(&ame__serial_owner, __ATOMIC_RELAXED) ||
        __atomic_load_n(&ame__commits_stopped, __ATOMIC_RELAXED) ||
        spins >= AME__OLDER_SPINS) {
      got = 0;
      break;
    }
    if (tx->order) {
      ame__order_check(tx);
      /* Lock words name write-log entries, which the owner's next attempt
       * reuses: an ordered owner that committed and took the line again
       * for a later item shows the same lock word, and waiting on would
       * leave the holder waiting for an item that waits for its turn (each
       * round of ame__spin_wait a yield: seconds). Once the owner is no
       * earlier item, the holder asks it to step aside; anyone else stops
       * waiting. */
      uint64_t unused;
      if (!ame__older(tx, owner, &unused)) {
        got = ame__order_wait_line(tx, owner, m, w);
        break;
      }
    } else if (__atomic_load_n(&owner->age, __ATOMIC_ACQUIRE) != owner_age) {
      /* The block ended, so its commit released the line before the next
       * block began: the word is w now only if that block took the line
       * again. */
      got = __atomic_load_n(m, __ATOMIC_ACQUIRE) != w;
      break;
    }
    ame__spin_wait(spins);
  }
  if (open)
    __atomic_store_n(&tx->wb_slot, tx->wb_slot + 1, __ATOMIC_SEQ_CST);
  return got;
}

/* Another transaction holds the line: wait a little (it may be writing back);
 * then an older transaction waits for the line, a younger one gives up. An
 * inevitable transaction waits as long as it takes: it never aborts, and the
 * holder never waits for it (running transactions abort when they meet an
 * inevitable one's line). */
static void ame__wait_line(struct __ame_tx *tx, const uint64_t *m, uint64_t w,
                           enum ame_abort_cause cause) {
  tx->conflict_m = m;
  tx->conflict_w = w;
  if (tx->inevitable || tx->stops_commits) {
    for (unsigned spins = 0; __atomic_load_n(m, __ATOMIC_ACQUIRE) == w; spins++)
      ame__spin_wait(spins);
    return;
  }
  struct __ame_tx *owner =
      ame__wentry_owner((const struct ame__wentry *)(w - 1));
  if (owner &&
      __atomic_load_n(&ame__inevitable_owner, __ATOMIC_RELAXED) == owner)
    ame__abort(tx, cause);
  if (AME__UNLIKELY(tx->order) && owner &&
      ame__order_wait_line(tx, owner, m, w))
    return;
  /* A wait that ends in an abort is in the abort's record. */
  uint64_t t0 = AME__UNLIKELY(tx->profiling) ? ame__profile_now() : 0;
  for (int i = 0; i < AME__CONFLICT_SPINS; i++) {
    ame__pause();
    if (__atomic_load_n(m, __ATOMIC_ACQUIRE) != w) {
      if (AME__UNLIKELY(t0))
        ame__profile_line_wait(tx, t0);
      return;
    }
  }
  uint64_t owner_age;
  if (owner && ame__older(tx, owner, &owner_age) &&
      ame__wait_older(tx, owner, owner_age, m, w)) {
    if (AME__UNLIKELY(t0))
      ame__profile_line_wait(tx, t0);
    return;
  }
  ame__abort(tx, cause);
}

/* tx->rdedup as an empty table of 2^bits lock words. */
static uint64_t **ame__rset_new(struct __ame_tx *tx, unsigned bits) {
  size_t bytes = ((size_t)1 << bits) * sizeof(uint64_t *);
  ame__buf_reserve(&tx->rdedup, bytes);
  memset(tx->rdedup.base, 0, bytes);
  return tx->rdedup.base;
}

/* Lock word m's first slot in a table of 2^bits. */
static AME__ALWAYS_INLINE size_t ame__rset_slot(const uint64_t *m,
                                                unsigned bits) {
  return (size_t)(((uintptr_t)m >> 3) * 0x9e3779b97f4a7c15ull >> (64 - bits));
}

/* Adds lock word m to the open-addressing set table (2^bits slots, more
 * than it will hold); 1 if it was not there. */
static AME__ALWAYS_INLINE int ame__rset_add(uint64_t **table, unsigned bits,
                                            uint64_t *m) {
  size_t h = ame__rset_slot(m, bits);
  while (table[h] && table[h] != m)
    h = (h + 1) & (((size_t)1 << bits) - 1);
  if (table[h])
    return 0;
  table[h] = m;
  return 1;
}

/* Drops repeated lock words from the read log, keeping the first of each,
 * and returns how many are left. The fast path skips only a repeat of the
 * last line, so a loop over a few lines (two counters read in turn) logs a
 * slot per read: a long transaction filled gigabytes with the same handful
 * of lines (a csmith program was killed by the OOM killer). The log is a set
 * for validation, where a line kept twice costs only its slot, so the
 * filter is a direct-mapped table of the lines seen last (at most 2^16 of
 * them, 512 KiB, which stays in the cache) rather than an exact set of
 * every line: an exact set of 2n slots missed the cache on every slot of a
 * large log and took more memory than it saved. O(n). */
static size_t ame__rlog_compact(struct __ame_tx *tx) {
  size_t n = ame__rlog_count(tx);
  unsigned bits = 6;
  while (bits < 16 && ((size_t)1 << bits) < 2 * n)
    bits++;
  uint64_t **seen = ame__rset_new(tx, bits);
  /* Kept slots are written at or before the slot being read. */
  struct ame__rchunk *wc = tx->rhead;
  size_t wi = 0, kept = 0;
  AME__RLOG_FOREACH(tx, m, {
    size_t h = ame__rset_slot(m, bits);
    if (seen[h] != m) {
      seen[h] = m;
      if (wi == wc->cap) {
        wc = wc->next;
        wi = 0;
      }
      wc->slot[wi++] = m;
      kept++;
    }
  });
  size_t done = 0;
  for (struct ame__rchunk *c = tx->rhead; c != wc; c = c->next)
    done += c->cap;
  tx->rdone = done;
  tx->rcur = wc;
  tx->rpos = wc->slot + wi;
  tx->rend = wc->slot + wc->cap;
  return kept;
}

/* Whether a sample of the read log holds mostly different lines (more
 * than 7 in 8): then compacting would keep nearly everything (a scan over
 * fresh lines) and is skipped, for the price of the sample instead of a pass
 * over the whole log. The sample is 64 runs of 64 consecutive slots spread
 * over the log: a line read again soon, between reads of other lines (two
 * streams over one array, a[i] and a[i / 2]), repeats within a run, where
 * single slots far apart all differ. With single slots such a walk kept a
 * slot per read, twice the bytes it read. */
static int ame__rlog_mostly_distinct(struct __ame_tx *tx, size_t n) {
  enum { RUNS = 64, RUN = 64, BITS = 13 };
  size_t stride = n / RUNS > RUN ? n / RUNS : RUN;
  uint64_t **table = ame__rset_new(tx, BITS);
  size_t sampled = 0, distinct = 0, next = 0, run_end = RUN, base = 0;
  for (struct ame__rchunk *c = tx->rhead;; c = c->next) {
    size_t len = c == tx->rcur ? (size_t)(tx->rpos - c->slot) : c->cap;
    while (next < base + len && sampled < RUNS * RUN) {
      sampled++;
      distinct += ame__rset_add(table, BITS, c->slot[next - base]);
      if (++next == run_end) {
        next += stride - RUN;
        run_end = next + RUN;
      }
    }
    base += len;
    if (c == tx->rcur)
      break;
  }
  return distinct * 8 > sampled * 7;
}

/* The read log filled its chunk: link a new one (never copy). Drop
 * repeated lines whenever the log has grown 4x since they were last dropped,
 * and validate whenever it has grown 2x (the clock moved) or 8x (it did
 * not) since the last validation, counting the slots dropped meanwhile as
 * grown: a doomed transaction reading privatized data that no version number
 * reveals cannot run forever, even reading a few lines in turn, which
 * dropping keeps from growing the log. Dropping at each validation only let
 * a walk that logs each line a few times (two streams over one array) grow
 * the log to a slot per read before the next one. Amortized O(1) per read. */
AME__SLOW void ame__rlog_push_slow(struct __ame_tx *tx, uint64_t *m) {
  if (tx->rpos == tx->rend) {
    tx->extras |= AME__X_LOGS;
    struct ame__rchunk *c = tx->rcur;
    if (!c->next) {
      size_t cap = c->cap * 2;
      if (cap > (1u << 20))
        cap = 1u << 20;
      struct ame__rchunk *nc = ame__map(sizeof *nc + cap * sizeof(uint64_t *));
      nc->cap = cap;
      c->next = nc;
    }
    tx->rdone += c->cap;
    tx->rcur = c->next;
    tx->rpos = tx->rcur->slot;
    tx->rend = tx->rcur->slot + tx->rcur->cap;
  }
  /* Logged before validating: the value just read must be checked too. */
  *tx->rpos++ = m;
  tx->rlast = m;
  size_t n = ame__rlog_count(tx);
  if (n >= tx->rcompact_at) {
    size_t kept = ame__rlog_mostly_distinct(tx, n) ? n : ame__rlog_compact(tx);
    tx->rvalidate_at =
        tx->rvalidate_at > n ? tx->rvalidate_at - (n - kept) : kept;
    n = kept;
    tx->rcompact_at = 4 * (n < tx->rhead->cap ? tx->rhead->cap : n);
  }
  if (n >= tx->rvalidate_at) {
    if (n < tx->rhead->cap)
      n = tx->rhead->cap;
    tx->rvalidate_at = ame__validate_periodic(tx) * n;
  }
}

/* The rcheck countdown ran out: reads that were not logged (the same line
 * again, or bytes of a held line from memory) would let a doomed transaction
 * loop forever on one line of data privatized under it, since the log never
 * grows. Validate, then double the period (and make it at least the log
 * size, 8x the log size if the clock had not moved), so the cost stays
 * amortized O(1) per read. */
AME__SLOW void ame__recheck(struct __ame_tx *tx) {
  int64_t grow = 1;
  if (!tx->inevitable)
    grow = ame__validate_periodic(tx) / 2;
  int64_t p = 2 * tx->rcheck_period, n = grow * (int64_t)ame__rlog_count(tx);
  tx->rcheck_period = p > n ? p : n;
  tx->rcheck = tx->rcheck_period;
  tx->extras |= AME__X_LOGS;
}

static void ame__rlog_push(struct __ame_tx *tx, uint64_t *m) {
  if (m == tx->rlast) {
    if (--tx->rcheck <= 0)
      ame__recheck(tx);
    return;
  }
  if (AME__LIKELY(tx->rpos != tx->rend)) {
    *tx->rpos++ = m;
    tx->rlast = m;
    return;
  }
  ame__rlog_push_slow(tx, m);
}

#ifdef AME__ASAN
#include <sanitizer/asan_interface.h>
#endif

int ame__on_own_stack(const struct __ame_tx *tx, const void *a) {
  if ((uintptr_t)a - tx->stack_lo < tx->stack_span)
    return 1;
#ifdef AME__ASAN
  /* ASan's use-after-return detection moves escaping locals to "fake" frames
   * outside the thread's stack. A fake frame standing for a real frame below
   * the attempt's stack bound belongs to the body and dies with it: like the
   * real one it must be written in place (a logged write would be written
   * back after the frame died). */
  void *fake = __asan_get_current_fake_stack();
  if (fake && tx->stack_span) {
    void *real = __asan_addr_is_in_fake_stack(fake, (void *)a, NULL, NULL);
    if (real && (uintptr_t)real - tx->stack_lo < tx->stack_span)
      return 1;
  }
#endif
  return 0;
}

/* Inevitable transactions lock every line they touch (two-phase locking), so
 * nobody commits over what they read and their writes can go in place. */
int ame__lock_in_place(struct __ame_tx *tx, uint64_t *m, uint64_t w) {
  if (AME__UNLIKELY(tx->profiling))
    ame__profile_lock(tx, m);
  if (!__atomic_compare_exchange_n(m, &w, tx->inplace_word, 0, __ATOMIC_SEQ_CST,
                                   __ATOMIC_RELAXED))
    return 0;
  ame__note_locked(tx, w);
  ame__buf_push(&tx->ilocks, (uintptr_t)m, w);
  tx->extras |= AME__X_LISTS;
  return 1;
}

/* A read of a line locked with word w that this transaction holds (in place,
 * or through its write log) needs nothing more: 1 if it was served. */
static AME__ALWAYS_INLINE int ame__read_if_held(struct __ame_tx *tx,
                                                uint64_t w, void *dst,
                                                const void *src, size_t n) {
  if (w == tx->inplace_word) {
    ame__copy_upto_line(dst, src, n);
    return 1;
  }
  const struct ame__wentry *e = (const struct ame__wentry *)(w - 1);
  if (ame__wentry_owner(e) != tx)
    return 0;
  ame__read_held(tx, e, dst, src, n);
  return 1;
}

/* One line's worth of the read protocol. always_inline so that the callers
 * below get copies with a constant n (no memcpy call for a scalar). */
static AME__ALWAYS_INLINE void ame__read_seg_n(struct __ame_tx *tx, void *dst,
                                               const void *src, size_t n) {
  uint64_t *m = ame__meta(src);
  for (;;) {
    uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
    if (w & 1) {
      if (ame__read_if_held(tx, w, dst, src, n))
        return;
      if (tx->stops_commits) {
        /* Its holder cannot commit before this transaction does. */
        memcpy(dst, src, n);
        ame__rlog_push(tx, m);
        return;
      }
      ame__wait_line(tx, m, w, AME_ABORT_READ_CONFLICT);
      continue;
    }
    if (tx->inevitable) {
      if (ame__on_own_stack(tx, src)) {
        memcpy(dst, src, n);
        return;
      }
      if (ame__lock_in_place(tx, m, w)) {
        memcpy(dst, src, n);
        return;
      }
      continue;
    }
    if (!ame__version_ok(tx, w)) {
      if (!ame__extend(tx, w))
        ame__abort(tx, AME_ABORT_VALIDATION);
      continue;
    }
    memcpy(dst, src, n);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (__atomic_load_n(m, __ATOMIC_RELAXED) != w)
      continue;
    ame__rlog_push(tx, m);
    if (AME__UNLIKELY(tx->profiling))
      ame__profile_read(tx, m);
    return;
  }
}

/* The first write lock of a line seen unlocked at version w. Its unwritten
 * bytes are read from memory later: the line must be as of the snapshot,
 * like any read. NULL: look at the line again (the snapshot moved on, or
 * another transaction took the line first). */
static AME__ALWAYS_INLINE struct ame__wentry *
ame__take_line(struct __ame_tx *tx, uint64_t *m, uint64_t w) {
  if (!ame__version_ok(tx, w)) {
    if (!ame__extend(tx, w))
      ame__abort(tx, AME_ABORT_VALIDATION);
    return NULL;
  }
  if (AME__UNLIKELY(tx->order))
    ame__order_check(tx);
  if (AME__UNLIKELY(tx->profiling))
    ame__profile_lock(tx, m);
  return ame__wlock(tx, m, w);
}

static AME__ALWAYS_INLINE void ame__write_seg_n(struct __ame_tx *tx, void *dst,
                                                const void *src, size_t n) {
  if (ame__on_own_stack(tx, dst)) {
    memcpy(dst, src, n);
    return;
  }
  uint64_t *m = ame__meta(dst);
  unsigned off = (uintptr_t)dst & (AME__LINE - 1);
  for (;;) {
    uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
    if (w & 1) {
      if (w == tx->inplace_word) {
        memcpy(dst, src, n);
        tx->wrote_in_place = 1;
        return;
      }
      struct ame__wentry *e = (struct ame__wentry *)(w - 1);
      if (ame__wentry_owner(e) == tx) {
        memcpy(ame__wdata_put(tx, e, ame__len_mask(n, off)) + off, src, n);
        return;
      }
      ame__wait_line(tx, m, w, AME_ABORT_WRITE_CONFLICT);
      continue;
    }
    if (tx->inevitable) {
      if (ame__lock_in_place(tx, m, w)) {
        memcpy(dst, src, n);
        tx->wrote_in_place = 1;
        return;
      }
      continue;
    }
    struct ame__wentry *e = ame__take_line(tx, m, w);
    if (!e)
      continue;
    /* No copy of the line: bytes not written are read from memory. */
    memcpy(ame__wdata_put(tx, e, ame__len_mask(n, off)) + off, src, n);
    return;
  }
}

/* A read that a write of the same bytes follows: the line is taken for
 * writing first, as the write would (encounter-time locking), and then read
 * from memory, which nobody else changes while it is held. The read needs no
 * log entry: the line cannot change before commit. Two transactions that
 * both increment a line meet at the read, before either has done more work,
 * instead of one failing validation at its commit. Inlined into each sized
 * entry, so the copies have a constant size. */
static AME__ALWAYS_INLINE void ame__read_for_write_seg(struct __ame_tx *tx,
                                                       void *dst,
                                                       const void *src,
                                                       size_t n) {
  if (tx->inevitable || tx->stops_commits || ame__on_own_stack(tx, src)) {
    ame__read_seg(tx, dst, src, n);
    return;
  }
  uint64_t *m = ame__meta(src);
  for (;;) {
    uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
    if (w & 1) {
      if (ame__read_if_held(tx, w, dst, src, n))
        return;
      ame__wait_line(tx, m, w, AME_ABORT_WRITE_CONFLICT);
      continue;
    }
    if (!ame__take_line(tx, m, w))
      continue;
    ame__copy_upto_line(dst, src, n);
    return;
  }
}

/* The first write lock of unlocked line m (version w, accepted) in the
 * common case, from the first chunk of the write log: AME__X_MODE clear (not
 * inevitable, stopping commits, ordered or profiled, which ame__take_line
 * and ame__window_open check) and room in the chunk. The caller has filled
 * the entry e = ame__wentry_short(tx), which nobody else reads before the
 * lock word publishes it: a compare-and-swap, or a plain store while only
 * one thread uses AME (ame__many). 0: the general path must do it. */
static AME__ALWAYS_INLINE struct ame__wentry *
ame__wentry_short(struct __ame_tx *tx) {
  return AME__LIKELY(tx->wused < tx->wcur->cap) ? &tx->wcur->e[tx->wused]
                                                : NULL;
}
static AME__ALWAYS_INLINE int ame__wlock_short(struct __ame_tx *tx,
                                               struct ame__wentry *e,
                                               uint64_t *m, uint64_t w) {
  if (!(tx->wb_slot & 1))
    __atomic_store_n(&tx->wb_slot, tx->wb_slot + 1, __ATOMIC_RELAXED);
  /* Alone: a plain store, inside the alone section (internal.h). */
  uint64_t end = ame__alone_section_begin(tx);
  if (AME__LIKELY(end)) {
    __atomic_store_n(m, (uintptr_t)e | 1, __ATOMIC_RELAXED);
    ame__alone_section_end(tx, end);
    goto locked;
  }
  if (!__atomic_compare_exchange_n(m, &w, (uintptr_t)e | 1, 0, __ATOMIC_SEQ_CST,
                                   __ATOMIC_RELAXED))
    return 0;
locked:
  tx->wused++;
  tx->wcount++;
  ame__note_locked(tx, w);
  return 1;
}
/* A store's first lock of a line that it has not read: the plain program's
 * store would start fetching the line now, and the commit's write-back
 * would otherwise stall on the miss (the stores of bench/shapes.c yada to
 * its mesh's slots). Loads for write read the line at once anyway. Built
 * for baseline x86-64 (no PREFETCHW) this is a read prefetch: another
 * core's copy stays, and the write-back only upgrades the line. */
static AME__ALWAYS_INLINE void ame__fetch_for_write_back(const void *a) {
  __builtin_prefetch(a, 1);
}

/* A line the common case of a first lock may take: unlocked, at a version
 * the snapshot accepts, not the attempt's own stack. */
static AME__ALWAYS_INLINE int ame__short_ok(const struct __ame_tx *tx,
                                            const void *a, uint64_t w) {
  return !(w & 1) && ame__version_ok(tx, w) && !ame__on_own_stack(tx, a);
}

/* Everything but the common case of __ame_load_for_write_N. */
static AME__NOINLINE void ame__load_for_write(struct __ame_tx *tx, void *dst,
                                              void *a, size_t n) {
  if (((uintptr_t)a & (AME__LINE - 1)) + n <= AME__LINE) {
    switch (n) {
    case 8:
      ame__read_for_write_seg(tx, dst, a, 8);
      return;
    case 4:
      ame__read_for_write_seg(tx, dst, a, 4);
      return;
    default:
      ame__read_for_write_seg(tx, dst, a, n);
      return;
    }
  }
  ame__read_range(tx, dst, a, n);
}

/* The common case first: the line unlocked, taken with an entry that has no
 * bytes yet, then read from memory. The access is noted only for the general
 * path: only the profiler and aborts read the note, and the common case
 * neither profiles nor aborts. */
#define AME__DEFINE_LOAD_FOR_WRITE(N, T)                                       \
  AME__EXPORT AME__SLOW_ENTRY T __ame_load_for_write_##N(void *txp, void *a,   \
                                                         void *site) {         \
    struct __ame_tx *tx = txp;                                                 \
    T v;                                                                       \
    if (AME__LIKELY(!(tx->extras & AME__X_MODE) &&                             \
                    ((uintptr_t)a & (AME__LINE - 1)) + N <= AME__LINE)) {      \
      uint64_t *m = ame__meta(a);                                              \
      uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);                       \
      struct ame__wentry *e;                                                   \
      if (ame__short_ok(tx, a, w) && (e = ame__wentry_short(tx))) {            \
        ame__wentry_start(e, m, w, 0);                                         \
        if (ame__wlock_short(tx, e, m, w)) {                                   \
          memcpy(&v, a, N);                                                    \
          if (ame__shadow_ahead_wanted(m, w))                                  \
            return (T)ame__shadow_ahead(m, v);                                 \
          return v;                                                            \
        }                                                                      \
      }                                                                        \
    }                                                                          \
    AME__NOTE_ACCESS(tx, a, site);                                             \
    ame__load_for_write(tx, &v, a, N);                                         \
    return v;                                                                  \
  }
AME__DEFINE_LOAD_FOR_WRITE(1, uint8_t)
AME__DEFINE_LOAD_FOR_WRITE(2, uint16_t)
AME__DEFINE_LOAD_FOR_WRITE(4, uint32_t)
AME__DEFINE_LOAD_FOR_WRITE(8, uint64_t)
#undef AME__DEFINE_LOAD_FOR_WRITE

void ame__read_seg(struct __ame_tx *tx, void *dst, const void *src, size_t n) {
  switch (n) {
  case 8:
    ame__read_seg_n(tx, dst, src, 8);
    return;
  case 4:
    ame__read_seg_n(tx, dst, src, 4);
    return;
  default:
    ame__read_seg_n(tx, dst, src, n);
  }
}

void ame__write_seg(struct __ame_tx *tx, void *dst, const void *src, size_t n) {
  switch (n) {
  case 8:
    ame__write_seg_n(tx, dst, src, 8);
    return;
  case 4:
    ame__write_seg_n(tx, dst, src, 4);
    return;
  default:
    ame__write_seg_n(tx, dst, src, n);
  }
}

/* Lines a bulk read checks per copy: their lock words stay in registers
 * and L1 between the two passes. */
#define AME__BULK_LINES 64

/* Up to AME__BULK_LINES lines of the n bytes at src (any alignment, the
 * first and last lines maybe partial): the read protocol of ame__read_seg_n
 * with the steps of the lines interleaved (each lock word, then one copy of
 * them all, one fence, then each lock word again). A memcpy of shared data
 * then costs two lock-word loads and a log entry per line instead of a call
 * per line (the word count's 256 KB chunk copy: about 340k instructions down
 * to 145k, the copy included), and a vector load that crosses a line (a
 * vectorized loop walking a row of shared data) one pass instead of two
 * (bench/shapes.c labyrinth: about 220 instructions per crossing down to
 * 100). It stops before the first line the general path must see (locked,
 * even by this transaction; newer than the snapshot) and before the first
 * line whose lock word changed under the copy; returns the bytes it read,
 * whole lines of it but the last, which the caller skips. */
static size_t ame__read_lines(struct __ame_tx *tx, void *dst, const void *src,
                              size_t n) {
  uint64_t w[AME__BULK_LINES];
  uint64_t *m = ame__meta(src);
  size_t off = (uintptr_t)src & (AME__LINE - 1);
  size_t lines = (off + n + AME__LINE - 1) / AME__LINE;
  if (lines > AME__BULK_LINES)
    lines = AME__BULK_LINES;
  size_t k = 0;
  for (; k < lines; k++) {
    w[k] = __atomic_load_n(m + k, __ATOMIC_ACQUIRE);
    if ((w[k] & 1) || !ame__version_ok(tx, w[k]))
      break;
  }
  if (k == 0)
    return 0;
  size_t bytes = k * AME__LINE - off;
  if (bytes > n)
    bytes = n;
  memcpy(dst, src, bytes);
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  for (size_t i = 0; i < k; i++) {
    if (__atomic_load_n(m + i, __ATOMIC_RELAXED) != w[i])
      return i ? i * AME__LINE - off : 0;
    ame__rlog_push(tx, m + i);
  }
  return bytes;
}

void ame__read_range(struct __ame_tx *tx, void *dst, const void *src,
                     size_t n) {
  if (n >= AME__POPULATE_MIN)
    ame__shadow_populate(src, n);
  /* Inevitable reads lock each line, a transaction that stops commits reads
   * lines others hold, and the profiler records each read: line by line. */
  int bulk = !tx->inevitable && !tx->stops_commits && !tx->profiling;
  while (n) {
    size_t room = AME__LINE - ((uintptr_t)src & (AME__LINE - 1));
    size_t k = 0;
    if (bulk && n > room)
      k = ame__read_lines(tx, dst, src, n);
    if (k == 0) {
      k = n < room ? n : room;
      ame__read_seg(tx, dst, src, k);
    }
    dst = (char *)dst + k;
    src = (const char *)src + k;
    n -= k;
  }
}

void ame__write_range(struct __ame_tx *tx, void *dst, const void *src,
                      size_t n) {
  while (n) {
    size_t room = AME__LINE - ((uintptr_t)dst & (AME__LINE - 1));
    size_t k = n < room ? n : room;
    ame__write_seg(tx, dst, src, k);
    dst = (char *)dst + k;
    src = (const char *)src + k;
    n -= k;
  }
}

/* Out of line and cold: reached on a line crossing, a lock this transaction
 * does not hold yet, a version newer than the snapshot, a full read-log
 * chunk, a conflict, or inevitable mode. */
AME__EXPORT AME__SLOW_ENTRY uint64_t __ame_slow_load(struct __ame_tx *tx,
                                                     const void *a, size_t n,
                                                     const void *site) {
  AME__NOTE_ACCESS(tx, a, site);
  uint64_t v = 0;
  if (((uintptr_t)a & (AME__LINE - 1)) + n <= AME__LINE)
    ame__read_seg(tx, &v, a, n);
  else
    ame__read_range(tx, &v, a, n);
  return v;
}

/* Everything but the common case of __ame_slow_store. */
static AME__NOINLINE void ame__slow_store_general(struct __ame_tx *tx, void *a,
                                                  uint64_t v, size_t n) {
  if (((uintptr_t)a & (AME__LINE - 1)) + n <= AME__LINE)
    ame__write_seg(tx, a, &v, n);
  else
    ame__write_range(tx, a, &v, n);
}

/* A read of up to a line's worth of bytes, in one line or across into the
 * next: a vector-sized read that crosses a line (about one in four of a
 * vectorized loop's loads along a row of shared data), a short memcpy from
 * shared data (a hash table's key copied into a new node). Both lock words,
 * one copy, both lock words again: one pass of the read protocol instead of
 * the general range code's. 0 if the general path must see a line. */
static AME__ALWAYS_INLINE int ame__read_short(struct __ame_tx *tx, void *dst,
                                              const void *src, size_t n) {
  if (tx->inevitable || tx->stops_commits || tx->profiling)
    return 0;
  uint64_t *m = ame__meta(src);
  int two = ((uintptr_t)src & (AME__LINE - 1)) + n > AME__LINE;
  uint64_t w0 = __atomic_load_n(m, __ATOMIC_ACQUIRE);
  uint64_t w1 = two ? __atomic_load_n(m + 1, __ATOMIC_ACQUIRE) : w0;
  if ((w0 & 1) || (w1 & 1) || !ame__version_ok(tx, w0) ||
      !ame__version_ok(tx, w1))
    return 0;
  switch (n) {
  case 16:
    memcpy(dst, src, 16);
    break;
  case 32:
    memcpy(dst, src, 32);
    break;
  default:
    ame__copy_upto_line(dst, src, n);
  }
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  if (__atomic_load_n(m, __ATOMIC_RELAXED) != w0 ||
      (two && __atomic_load_n(m + 1, __ATOMIC_RELAXED) != w1))
    return 0;
  ame__rlog_push(tx, m);
  if (two)
    ame__rlog_push(tx, m + 1);
  return 1;
}

/* The common reason first: the first write of an unlocked line, not newer
 * than the snapshot, outside the attempt's stack, whose bytes lie in one
 * aligned word (the entry keeps them). Noted only for the general path, as
 * in __ame_load_for_write_N. */
AME__EXPORT AME__SLOW_ENTRY void __ame_slow_store(struct __ame_tx *tx, void *a,
                                                  uint64_t v, size_t n,
                                                  const void *site) {
  unsigned off = (uintptr_t)a & (AME__LINE - 1);
  if (AME__LIKELY(!(tx->extras & AME__X_MODE) && (off & 7) + n <= 8)) {
    uint64_t *m = ame__meta(a);
    uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
    struct ame__wentry *e;
    if (ame__short_ok(tx, a, w) && (e = ame__wentry_short(tx))) {
      ame__wentry_start(e, m, w, ame__wkey_bytes(off, (unsigned)n));
      /* v's n low bytes at byte off & 7 of the word (x86-64 is little
       * endian); the bytes around them are outside the mask. */
      e->d.word = v << 8 * (off & 7);
      if (AME__LIKELY(ame__wlock_short(tx, e, m, w))) {
        ame__fetch_for_write_back(a);
        if (ame__shadow_ahead_wanted(m, w))
          ame__shadow_ahead(m, 0);
        return;
      }
    }
  }
  AME__NOTE_ACCESS(tx, a, site);
  ame__slow_store_general(tx, a, v, n);
}

/* Everything but the common case of __ame_open_for_write_N: the load for
 * write and then a write of the bytes it read (the same steps as the pair
 * __ame_load_for_write_N, __ame_store_N, with the stored value still the
 * old one), after which the bytes are held and covered by the mask; returns
 * where they are: memory for the attempt's own frames and lines locked in
 * place, else the entry's word or line buffer. */
static AME__NOINLINE void *ame__open_for_write(struct __ame_tx *tx, void *a,
                                               size_t n, const void *site) {
  if (((uintptr_t)a & (AME__LINE - 1)) + n > AME__LINE) {
    /* One run of bytes across two lines: only in place, which takes
     * inevitability. Reached only through a pointer whose type claims more
     * alignment than it has (a packed struct's field), so rarely. */
    static const struct __ame_site crossing = {"", "",   0,
                                               0,  NULL, AME_SITE_WRITE};
    __ame_irrevocable_v2(tx, (void *)(site ? site : &crossing));
  }
  uint64_t v = 0;
  ame__load_for_write(tx, &v, a, n);
  ame__slow_store_general(tx, a, v, n);
  if (ame__on_own_stack(tx, a))
    return a;
  uint64_t w = __atomic_load_n(ame__meta(a), __ATOMIC_RELAXED);
  if (w == tx->inplace_word)
    return a;
  const struct ame__wentry *e = (const struct ame__wentry *)(w - 1);
  return (void *)(ame__wdata(e) + ((uintptr_t)a & (AME__LINE - 1)));
}

/* The bytes of ame__held_slot when entry e keeps a word rather than a line
 * buffer. Out of line: its line buffer call (when the bytes stop fitting
 * the word) would cost the first lock's path registers. */
static AME__NOINLINE unsigned char *
ame__held_word_slot(struct __ame_tx *tx, struct ame__wentry *e, const void *a,
                    unsigned off, unsigned n) {
  uint64_t bits = ame__len_mask(n, off), have = ame__wentry_mask(e) & bits;
  if (have == bits)
    return (unsigned char *)ame__wdata(e) + off;
  if (have)
    return NULL;
  unsigned char *p = ame__wdata_put(tx, e, bits) + off;
  ame__copy_upto_line(p, a, n);
  return p;
}

/* Line w is locked: if this transaction holds it through its own entry,
 * where the n bytes at line offset off are, copied from memory (which nobody
 * else changes while the line is held) and marked written if none of them
 * was written yet (ame__wdata_put moves the entry's bytes to a line buffer
 * when they stop fitting its word). NULL when only some of them were
 * written, or when another transaction holds the line. An entry with a line
 * buffer already (the second and later words of a line that a loop reads
 * and writes, a[i] += x) is handled inline: the call took about a fifth of
 * such a loop's time. */
static AME__ALWAYS_INLINE unsigned char *
ame__held_slot(struct __ame_tx *tx, uint64_t w, const void *a, unsigned off,
               unsigned n) {
  struct ame__wentry *e = (struct ame__wentry *)(w - 1);
  if (ame__wentry_owner(e) != tx)
    return NULL;
  if (!(e->key & AME__WK_LINE))
    return ame__held_word_slot(tx, e, a, off, n);
  uint64_t bits = ame__len_mask(n, off), *mask = ame__wentry_mask_slot(e);
  unsigned char *p = e->d.line + off;
  uint64_t have = *mask & bits;
  if (have == bits)
    return p;
  if (have)
    return NULL;
  ame__copy_upto_line(p, a, n);
  *mask |= bits;
  return p;
}

/* The first write of a line in its common case, as in
 * __ame_load_for_write_N, but the bytes go into the new entry's word, masked
 * as written, and the caller gets their address: its store is then a plain
 * store there (the pass makes sure nothing of the transaction runs between
 * the two). A line held already (x++ twice, two fields of one struct) gives
 * the address of its bytes in the entry, or, locked in place, the bytes
 * themselves; the general path moves them to a line buffer when the entry's
 * word cannot hold them. */
#define AME__DEFINE_OPEN_FOR_WRITE(N)                                          \
  AME__EXPORT AME__SLOW_ENTRY void *__ame_open_for_write_##N(                  \
      void *txp, void *a, void *site) {                                        \
    struct __ame_tx *tx = txp;                                                 \
    unsigned off = (uintptr_t)a & (AME__LINE - 1);                             \
    if (AME__LIKELY(!(tx->extras & AME__X_MODE) && (off & 7) + N <= 8)) {      \
      uint64_t *m = ame__meta(a);                                              \
      uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);                       \
      struct ame__wentry *e;                                                   \
      if (ame__short_ok(tx, a, w) && (e = ame__wentry_short(tx))) {            \
        ame__wentry_start(e, m, w, ame__wkey_bytes(off, N));                   \
        if (ame__wlock_short(tx, e, m, w)) {                                   \
          unsigned char *slot = (unsigned char *)&e->d.word + (off & 7);       \
          memcpy(slot, a, N);                                                  \
          if (ame__shadow_ahead_wanted(m, w))                                  \
            return (void *)ame__shadow_ahead(m, (uintptr_t)slot);              \
          return slot;                                                         \
        }                                                                      \
      } else if (w & 1) {                                                      \
        if (w == tx->inplace_word) {                                           \
          tx->wrote_in_place = 1;                                              \
          return a;                                                            \
        }                                                                      \
        unsigned char *slot = ame__held_slot(tx, w, a, off, N);                \
        if (AME__LIKELY(slot != NULL))                                         \
          return slot;                                                         \
      }                                                                        \
    }                                                                          \
    AME__NOTE_ACCESS(tx, a, site);                                             \
    return ame__open_for_write(tx, a, N, site);                                \
  }
AME__DEFINE_OPEN_FOR_WRITE(1)
AME__DEFINE_OPEN_FOR_WRITE(2)
AME__DEFINE_OPEN_FOR_WRITE(4)
AME__DEFINE_OPEN_FOR_WRITE(8)
#undef AME__DEFINE_OPEN_FOR_WRITE

/* The line of held entry e for a loop's stores: its line buffer, made from
 * its word if it keeps one; *mask gets the buffer's mask. */
static AME__ALWAYS_INLINE void *
ame__held_line(struct __ame_tx *tx, struct ame__wentry *e, uint64_t **mask) {
  unsigned char *buf =
      e->key & AME__WK_LINE ? e->d.line : ame__wentry_to_line(tx, e);
  *mask = ame__wentry_mask_slot(e);
  return buf;
}

/* The line of a for a loop's stores when it is written in place: the
 * attempt's own frames, a block it allocated, a line an inevitable
 * transaction locked. */
static AME__ALWAYS_INLINE void *ame__line_in_place(struct __ame_tx *tx, void *a,
                                                   uint64_t **mask) {
  *mask = &tx->line_mask_sink;
  return (void *)((uintptr_t)a & ~(uintptr_t)(AME__LINE - 1));
}

/* Everything but the common case of __ame_open_line: a line this
 * transaction holds already (through an entry, or in place), and the
 * general path, which takes the line as a store of a's first byte takes
 * it (that byte marked written with its current value, which the caller's
 * store then replaces) and looks at it again. */
static AME__NOINLINE void *ame__open_line(struct __ame_tx *tx, void *a,
                                          uint64_t **mask, const void *site) {
  if (tx->lpos == tx->lend) {
    /* The chunk is full, or this is the attempt's first line buffer: the
     * next chunk, whose first buffer is given back for the common case. */
    tx->lpos = ame__line_buffer_chunk(tx);
    return __ame_open_line(tx, a, mask, (void *)site);
  }
  uint64_t w = __atomic_load_n(ame__meta(a), __ATOMIC_ACQUIRE);
  if (!(tx->extras & AME__X_MODE) && (w & 1)) {
    if (w == tx->inplace_word) {
      /* As the store's barrier would note it (ame__write_seg, which the
       * general path below runs, notes it itself). */
      tx->wrote_in_place = 1;
      return ame__line_in_place(tx, a, mask);
    }
    if (ame__wentry_owner((struct ame__wentry *)(w - 1)) == tx)
      return ame__held_line(tx, (struct ame__wentry *)(w - 1), mask);
  }
  if (ame__open_for_write(tx, a, 1, site) == a)
    return ame__line_in_place(tx, a, mask);
  w = __atomic_load_n(ame__meta(a), __ATOMIC_RELAXED);
  return ame__held_line(tx, (struct ame__wentry *)(w - 1), mask);
}

/* A loop's store entering a line (the pass's line writes): the first lock
 * of an unlocked line takes an entry with an empty line buffer at once,
 * without the store's bytes, which the caller writes into the buffer. A
 * loop writing consecutive words then costs one call per line and a plain
 * store per word, where a barrier per store looked up the line's entry
 * again (bench/micro.c write). Only when the current chunk of line buffers
 * has room: with no call on the way, the common case saves 3 registers, not 6
 * (bench/micro.c write of 10^2 words: 93 instructions a line with the
 * chunk's call on the way, 79 without). */
AME__EXPORT AME__SLOW_ENTRY void *__ame_open_line(void *txp, void *a,
                                                  void *mask_out, void *site) {
  struct __ame_tx *tx = txp;
  uint64_t **mask = mask_out;
  unsigned char *buf = tx->lpos;
  if (AME__LIKELY(!(tx->extras & AME__X_MODE) && buf != tx->lend)) {
    uint64_t *m = ame__meta(a);
    uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
    struct ame__wentry *e;
    if (ame__short_ok(tx, a, w) && (e = ame__wentry_short(tx))) {
      ame__wentry_start(e, m, w, AME__WK_LINE);
      e->d.line = buf;
      *ame__wentry_mask_slot(e) = 0;
      if (ame__wlock_short(tx, e, m, w)) {
        tx->lpos = buf + AME__LINE;
        ame__fetch_for_write_back(a);
        *mask = ame__wentry_mask_slot(e);
        if (ame__shadow_ahead_wanted(m, w))
          return (void *)ame__shadow_ahead(m, (uintptr_t)buf);
        return buf;
      }
    }
  }
  AME__NOTE_ACCESS(tx, a, site);
  return ame__open_line(tx, a, mask, site);
}

AME__EXPORT AME__SLOW_ENTRY void
__ame_slow_load_bytes(struct __ame_tx *tx, void *dst, const void *src, size_t n,
                      const void *site) {
  AME__NOTE_ACCESS(tx, src, site);
  if (n && n <= AME__LINE && ame__read_short(tx, dst, src, n))
    return;
  ame__read_range(tx, dst, src, n);
}

/* The first write of an unlocked line by a store of bytes that stay in it
 * (a vectorized loop's 16- or 32-byte store, a small struct copy), in the
 * common case of __ame_slow_store: the entry is filled, bytes and mask,
 * before the lock publishes it. A loop writing consecutive words took this
 * path through the general range code, about 190 instructions per line
 * (bench/micro.c write); 0 if the general path must do it. */
static AME__ALWAYS_INLINE int ame__store_bytes_short(struct __ame_tx *tx,
                                                     void *dst, const void *src,
                                                     size_t n) {
  unsigned off = (uintptr_t)dst & (AME__LINE - 1);
  if ((tx->extras & AME__X_MODE) || n == 0 || off + n > AME__LINE)
    return 0;
  uint64_t *m = ame__meta(dst);
  uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
  struct ame__wentry *e;
  if (!ame__short_ok(tx, dst, w) || !(e = ame__wentry_short(tx)))
    return 0;
  uint64_t bits = ame__len_mask(n, off);
  if (ame__one_word(bits)) {
    ame__wentry_start(e, m, w, ame__wkey_bytes(off, (unsigned)n));
    e->d.word = 0;
    ame__copy_upto_line((unsigned char *)&e->d.word + (off & 7), src, n);
  } else {
    /* A buffer taken for an entry whose lock then fails stays unused
     * until the attempt ends: one line, rarely. */
    unsigned char *buf = ame__line_buffer(tx);
    ame__copy_upto_line(buf + off, src, n);
    ame__wentry_start(e, m, w, AME__WK_LINE);
    e->d.line = buf;
    *ame__wentry_mask_slot(e) = bits;
  }
  if (!ame__wlock_short(tx, e, m, w))
    return 0;
  ame__fetch_for_write_back(dst);
  if (ame__shadow_ahead_wanted(m, w))
    return (int)ame__shadow_ahead(m, 1);
  return 1;
}

AME__EXPORT AME__SLOW_ENTRY void
__ame_slow_store_bytes(struct __ame_tx *tx, void *dst, const void *src,
                       size_t n, const void *site) {
  if (AME__LIKELY(ame__store_bytes_short(tx, dst, src, n)))
    return;
  AME__NOTE_ACCESS(tx, dst, site);
  ame__write_range(tx, dst, src, n);
}
