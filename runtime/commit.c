/*===- commit.c - Validation, commit, write-back, privatization wait -------===
 *
 * A writer takes its timestamp from the global clock (TL2), validates its
 * read log unless nobody committed since its snapshot, writes back only the
 * bytes it wrote, and releases its locks with the new version. Before
 * returning it waits for every commit with a smaller timestamp that is still
 * writing back, so code after an atomic block that privatized data never
 * races with an older transaction's write-back.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <sched.h>
#include <string.h>

/* Everything read is unchanged since the snapshot: unlocked with a version
 * not newer than the snapshot, or locked by this transaction, which found it
 * at such a version. A line this transaction allocated or locked in place
 * was never legitimately read before (fresh memory). */
int ame__validate(struct __ame_tx *tx) {
  const uint64_t snap = tx->snapshot;
  for (struct ame__rchunk *c = tx->rhead; c; c = c->next) {
    uint64_t **end = c == tx->rcur ? tx->rpos : c->slot + c->cap;
    for (uint64_t **p = c->slot; p < end; p++) {
      uint64_t w = __atomic_load_n(*p, __ATOMIC_ACQUIRE);
      if (AME__LIKELY(!(w & 1))) {
        if (w > snap)
          return 0;
        continue;
      }
      if (w == tx->inplace_word)
        return 0;
      const struct ame__wentry *e = (const struct ame__wentry *)(w - 1);
      if (e->tx != tx || e->old_word > snap)
        return 0;
    }
    if (c == tx->rcur)
      break;
  }
  return 1;
}

static unsigned char *ame__line_of(const uint64_t *meta) {
  return (unsigned char *)(((uintptr_t)meta - AME__SHADOW_BASE) << 3);
}

/* Write back exactly the bytes the transaction wrote: a neighbour that shares
 * the line but not the bytes (another object, written outside transactions)
 * is never overwritten with a stale copy, and no word is read and rewritten.
 * Each run of written bytes goes out as 8-, 4-, 2- and 1-byte stores covering
 * exactly its bytes. */
static AME__NOINLINE void ame__writeback_runs(unsigned char *line,
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

/* The common cases inline: the whole line (one 64-byte copy), or a single
 * run of 8, 4, 2 or 1 bytes (one store). */
static AME__ALWAYS_INLINE void ame__writeback_inline(const struct ame__wentry *e) {
  unsigned char *line = ame__line_of(e->meta);
  uint64_t mask = e->mask;
  if (mask == ~0ull) {
    memcpy(line, e->data, AME__LINE);
    return;
  }
  if (AME__UNLIKELY(!mask))
    return;
  unsigned i = (unsigned)__builtin_ctzll(mask);
  switch (mask >> i) {
  case 0xff:
    memcpy(line + i, e->data + i, 8);
    return;
  case 0xf:
    memcpy(line + i, e->data + i, 4);
    return;
  case 0x3:
    memcpy(line + i, e->data + i, 2);
    return;
  case 0x1:
    line[i] = e->data[i];
    return;
  default:
    ame__writeback_runs(line, e->data, mask);
  }
}

void ame__writeback_entry(const struct ame__wentry *e) {
  ame__writeback_inline(e);
}

/* Waits while another thread's slot shows a commit with a timestamp not
 * above ts (or one about to take its timestamp). Commits never wait while
 * they write back, so this cannot deadlock. */
void ame__wait_older_commits(struct __ame_tx *tx, uint64_t ts) {
  for (struct __ame_tx *o = ame__all_txs(); o; o = o->next_all) {
    if (o == tx)
      continue;
    for (unsigned spins = 0;; spins++) {
      uint64_t s = __atomic_load_n(&o->commit_slot, __ATOMIC_SEQ_CST);
      if (s == 0 || (s != AME__SLOT_PENDING && s > ts))
        break;
      ame__spin_wait(spins);
    }
  }
}

/* The "pending" store needs no fence of its own: the fetch_add on the clock
 * releases it, so a later committer, whose fetch_add reads ours, sees it. */
static uint64_t ame__take_timestamp(struct __ame_tx *tx) {
  __atomic_store_n(&tx->commit_slot, AME__SLOT_PENDING, __ATOMIC_RELAXED);
  uint64_t ts = __atomic_add_fetch(&ame__clock, 2, __ATOMIC_SEQ_CST);
  __atomic_store_n(&tx->commit_slot, ts, __ATOMIC_RELEASE);
  return ts;
}

static AME__ALWAYS_INLINE void ame__commit_stats(struct __ame_tx *tx) {
  struct ame_stats *s = &tx->stats;
  s->commits++;
  ame__stats_max(&s->max_attempts, tx->attempts);
  ame__stats_max(&s->max_read_log, ame__rlog_count(tx));
  ame__stats_max(&s->max_write_log, tx->wcount);
  ame__stats_max(&s->max_alloc_bytes, tx->alloc_bytes);
}

void ame__commit(struct __ame_tx *tx) {
  tx->in_body = 0;
  tx->stack_span = 0;
  if (tx->inevitable) {
    ame__commit_stats(tx);
    tx->stats.inevitable_commits++;
    int read_only =
        !tx->wrote_in_place && tx->allocs.len == 0 && tx->frees.len == 0;
    uint64_t ts = ame__take_timestamp(tx);
    struct ame__pair *l = AME__PAIRS(&tx->ilocks);
    for (size_t i = 0; i < tx->ilocks.len; i++)
      __atomic_store_n((uint64_t *)l[i].a, ts, __ATOMIC_RELEASE);
    ame__alloc_commit(tx, ts);
    __atomic_store_n(&tx->commit_slot, 0, __ATOMIC_RELEASE);
    ame__inevitable_release(tx);
    ame__wait_older_commits(tx, ts);
    /* It held every line it read until ts: if it wrote nothing, it is a
     * reader serialized at ts. (Only reporting depends on wrote_in_place;
     * every lock is released with version ts either way.) */
    tx->stats.read_only_commits += read_only;
    tx->last_serial_ts = ts >> 1;
    tx->last_read_only = read_only;
    __atomic_store_n(&tx->active_since, 0, __ATOMIC_RELEASE);
    if (tx->frees.len || tx->limbo.len)
      ame__reclaim_commit(tx, ts);
    return;
  }
  if (tx->wcount == 0 && tx->allocs.len == 0 && tx->frees.len == 0) {
    /* Read-only: consistent at its (last extended) snapshot. It may have
     * seen data handed to its thread by a commit up to the snapshot, so it
     * too waits for older commits still writing back (proxy privatization). */
    ame__commit_stats(tx);
    tx->stats.read_only_commits++;
    ame__wait_older_commits(tx, tx->snapshot + 1);
    tx->last_serial_ts = tx->snapshot >> 1;
    tx->last_read_only = 1;
    __atomic_store_n(&tx->active_since, 0, __ATOMIC_RELEASE);
    return;
  }
  uint64_t ts = ame__take_timestamp(tx);
  if (ts != tx->snapshot + 2 && !ame__validate(tx)) {
    __atomic_store_n(&tx->commit_slot, 0, __ATOMIC_RELEASE);
    ame__abort(tx, AME_ABORT_VALIDATION);
  }
  AME__WLOG_FOREACH(tx, e, {
    ame__writeback_inline(e);
    __atomic_store_n(e->meta, ts, __ATOMIC_RELEASE);
  });
  if (tx->allocs.len)
    ame__alloc_commit(tx, ts);
  __atomic_store_n(&tx->commit_slot, 0, __ATOMIC_RELEASE);
  ame__commit_stats(tx);
  ame__wait_older_commits(tx, ts);
  tx->last_serial_ts = ts >> 1;
  tx->last_read_only = 0;
  __atomic_store_n(&tx->active_since, 0, __ATOMIC_RELEASE);
  if (tx->frees.len || tx->limbo.len)
    ame__reclaim_commit(tx, ts);
}
