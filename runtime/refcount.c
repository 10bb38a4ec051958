/*===- refcount.c - AME_REFCOUNT fields: commutative deltas ----------------===
 *
 * The pass turns `o->refcnt += k` (and ++, --) on an AME_REFCOUNT field into
 * __ame_refcount_add and each comparison of the new or old value with a
 * constant into __ame_refcount_test (pass/RefcountRewriter.cpp). The body
 * never takes a lock on the counter's line nor logs a read of it: the
 * attempt keeps a delta per address, and each comparison as (partial delta,
 * predicate, constant, outcome). At commit it locks the lines of counters it
 * changes like written lines (so their versions move and tracked readers see
 * it), reads those it only tested like any line read at commit, checks
 * every comparison against the committed value plus its partial delta (a
 * mismatch aborts), and adds each delta with a compare-and-swap, so that
 * atomic increments made outside transactions are never lost. Two
 * transactions that only change the same counter never conflict.
 *
 * Where the delta form does not apply (the line is this attempt's own:
 * locked in place, allocated by it, its stack, or holding bytes it wrote to
 * the counter; an unaligned counter), the operation is exact: an ordinary
 * read and write through the barriers (an atomic add in place for an
 * inevitable transaction). docs/design.md, "Reference counts", has the
 * argument.
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <string.h>
#include <sys/mman.h>

/* One counter this attempt changed by a delta. */
struct ame__rc {
  void *addr;
  uint64_t base;  /* memory at the first add: values returned are base+delta */
  uint64_t delta; /* net delta, modulo 2^(8 size)                           */
  uint32_t size;
  uint32_t preds; /* first comparison + 1 (a list through next), 0 none   */
  struct ame__wentry *held; /* the write-log entry holding its line (commit) */
  uint64_t seen;  /* commit, tests only: the line's version, not locked   */
  int observed;   /* seen is set                                          */
  const void *site, *pc; /* the first add: named if a check fails (profile) */
};

/* A comparison the body saw: pred(counter + partial, constant) == outcome. */
struct ame__rc_pred {
  uint64_t partial;
  uint64_t constant;
  uint32_t how; /* enum __ame_rc_pred | size << 8 */
  uint32_t outcome;
  uint32_t next; /* next comparison of the same counter + 1, 0 none */
  uint32_t pad_;
};

#define AME__RC(tx) ((struct ame__rc *)(tx)->rcs.base)
#define AME__RCP(tx) ((struct ame__rc_pred *)(tx)->rcpreds.base)
#define AME__RCX(tx) ((uint32_t *)(tx)->rcindex.base)

/* How long a commit waits for a counter's line another transaction holds.
 * One still in its body (it wrote another field of the line), or inevitable,
 * holds it until its own commit: a short wait, then abort. A committing
 * holder releases it soon, unless it is preempted (4 threads on 2 cores):
 * waited for as long as it takes, unless it waits for a counter's line
 * itself (two commits may each hold a line the other wants, since lines
 * locked at encounter time come in any order): then bounded. */
#define AME__RC_BODY_SPINS 256
#define AME__RC_COMMIT_SPINS 1100

static AME__ALWAYS_INLINE uint64_t ame__rc_mask(uint32_t n) {
  return n >= 8 ? ~0ull : (1ull << (8 * n)) - 1;
}

/* Room for one more element of elem bytes. */
static void ame__rc_room(struct ame__buf *b, size_t elem) {
  size_t need = (b->len + 1) * elem;
  if (AME__UNLIKELY(need > b->cap))
    ame__buf_reserve(b, need);
}

static AME__ALWAYS_INLINE size_t ame__rc_hash(const void *a, size_t slots) {
  uint64_t h = (uint64_t)(uintptr_t)a * 0x9e3779b97f4a7c15ull;
  return (size_t)(h >> 32) & (slots - 1);
}

static uint32_t *ame__rc_slot(struct __ame_tx *tx, const void *a) {
  size_t slots = tx->rcindex.len;
  uint32_t *x = AME__RCX(tx);
  for (size_t i = ame__rc_hash(a, slots);; i = (i + 1) & (slots - 1))
    if (!x[i] || AME__RC(tx)[x[i] - 1].addr == a)
      return &x[i];
}

/* Keeps the index at most half full: rebuilt twice as large. */
static void ame__rc_index_grow(struct __ame_tx *tx) {
  size_t slots = tx->rcindex.len ? 2 * tx->rcindex.len : 64;
  size_t bytes = slots * sizeof(uint32_t);
  if (bytes > tx->rcindex.cap) {
    if (tx->rcindex.base)
      munmap(tx->rcindex.base, tx->rcindex.cap);
    tx->rcindex.base = ame__map(bytes);
    tx->rcindex.cap = bytes;
  } else {
    memset(tx->rcindex.base, 0, bytes);
  }
  tx->rcindex.len = slots;
  for (size_t i = 0; i < tx->rcs.len; i++)
    *ame__rc_slot(tx, AME__RC(tx)[i].addr) = (uint32_t)i + 1;
}

static struct ame__rc *ame__rc_find(struct __ame_tx *tx, const void *a) {
  if (!tx->rcs.len)
    return NULL;
  uint32_t s = *ame__rc_slot(tx, a);
  return s ? &AME__RC(tx)[s - 1] : NULL;
}

/* Empties the log (attempt start, after turning inevitable): only the slots
 * in use are cleared, so a long transaction's large index costs short ones
 * nothing. */
void ame__rc_clear(struct __ame_tx *tx) {
  size_t slots = tx->rcindex.len;
  uint32_t *x = AME__RCX(tx);
  /* Each entry's own slot, found by its number: clearing one slot must not
   * hide the next entry's slot from a lookup by address. */
  for (size_t i = 0; i < tx->rcs.len; i++)
    for (size_t s = ame__rc_hash(AME__RC(tx)[i].addr, slots);;
         s = (s + 1) & (slots - 1))
      if (x[s] == i + 1) {
        x[s] = 0;
        break;
      }
  tx->rcs.len = 0;
  tx->rcpreds.len = 0;
}

/* n bytes at p, read as one access (p is aligned to n). */
static AME__ALWAYS_INLINE uint64_t ame__rc_peek(const void *p, uint32_t n) {
  switch (n) {
  case 1:
    return __atomic_load_n((const uint8_t *)p, __ATOMIC_ACQUIRE);
  case 2:
    return __atomic_load_n((const uint16_t *)p, __ATOMIC_ACQUIRE);
  case 4:
    return __atomic_load_n((const uint32_t *)p, __ATOMIC_ACQUIRE);
  default:
    return __atomic_load_n((const uint64_t *)p, __ATOMIC_ACQUIRE);
  }
}

/* Compare-and-swap of n bytes at p from old to nv. */
static AME__ALWAYS_INLINE int ame__rc_cas(void *p, uint64_t old, uint64_t nv,
                                          uint32_t n) {
  switch (n) {
  case 1: {
    uint8_t o = (uint8_t)old;
    return __atomic_compare_exchange_n((uint8_t *)p, &o, (uint8_t)nv, 0,
                                       __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
  }
  case 2: {
    uint16_t o = (uint16_t)old;
    return __atomic_compare_exchange_n((uint16_t *)p, &o, (uint16_t)nv, 0,
                                       __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
  }
  case 4: {
    uint32_t o = (uint32_t)old;
    return __atomic_compare_exchange_n((uint32_t *)p, &o, (uint32_t)nv, 0,
                                       __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
  }
  default:
    return __atomic_compare_exchange_n((uint64_t *)p, &old, nv, 0,
                                       __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
  }
}

/* Atomic add of d to n bytes at p (memory held in place). */
static uint64_t ame__rc_fetch_add(void *p, uint64_t d, uint32_t n) {
  for (;;) {
    uint64_t v = ame__rc_peek(p, n);
    if (ame__rc_cas(p, v, v + d, n))
      return (v + d) & ame__rc_mask(n);
  }
}

static AME__ALWAYS_INLINE int64_t ame__rc_signed(uint64_t v, uint32_t n) {
  unsigned shift = 64 - 8 * n;
  return (int64_t)(v << shift) >> shift;
}

/* pred(v, c) on n-byte values. */
static int ame__rc_eval(uint32_t how, uint64_t v, uint64_t c) {
  uint32_t n = how >> 8;
  uint64_t m = ame__rc_mask(n);
  v &= m;
  c &= m;
  int64_t sv = ame__rc_signed(v, n), sc = ame__rc_signed(c, n);
  switch (how & 0xff) {
  case AME_RC_EQ:
    return v == c;
  case AME_RC_NE:
    return v != c;
  case AME_RC_UGT:
    return v > c;
  case AME_RC_UGE:
    return v >= c;
  case AME_RC_ULT:
    return v < c;
  case AME_RC_ULE:
    return v <= c;
  case AME_RC_SGT:
    return sv > sc;
  case AME_RC_SGE:
    return sv >= sc;
  case AME_RC_SLT:
    return sv < sc;
  default:
    return sv <= sc;
  }
}

/* The write-log entry of this attempt holding a's line, or NULL. */
static struct ame__wentry *ame__rc_own_entry(struct __ame_tx *tx,
                                             const void *a) {
  uint64_t w = __atomic_load_n(ame__meta(a), __ATOMIC_ACQUIRE);
  if (!(w & 1) || w == tx->inplace_word)
    return NULL;
  struct ame__wentry *e = (struct ame__wentry *)(w - 1);
  return ame__wentry_owner(e) == tx ? e : NULL;
}

/* The attempt wrote some byte of the counter through the write log: its
 * value is in that log, and a delta taken before that write is void. */
static int ame__rc_written(const struct ame__wentry *e, const void *a,
                           uint32_t n) {
  return e && (ame__wentry_mask(e) &
               ame__len_mask(n, (uintptr_t)a & (AME__LINE - 1)));
}

/* The delta form does not apply: the counter is exact through the barriers. */
static int ame__rc_exact(struct __ame_tx *tx, const void *a, uint32_t n) {
  if (tx->inevitable || ((uintptr_t)a & (n - 1)) || ame__on_own_stack(tx, a))
    return 1;
  uint64_t w = __atomic_load_n(ame__meta(a), __ATOMIC_ACQUIRE);
  if (w == tx->inplace_word)
    return 1;
  return ame__rc_written(ame__rc_own_entry(tx, a), a, n);
}

static uint64_t ame__rc_add_exact(struct __ame_tx *tx, void *a, uint64_t d,
                                  uint32_t n) {
  uint64_t v = 0;
  ame__read_seg(tx, &v, a, n); /* an inevitable one locks the line here */
  if (__atomic_load_n(ame__meta(a), __ATOMIC_RELAXED) == tx->inplace_word &&
      !ame__on_own_stack(tx, a) && !((uintptr_t)a & (n - 1))) {
    /* Held in place: atomic, for increments outside transactions. */
    tx->wrote_in_place = 1;
    return ame__rc_fetch_add(a, d, n);
  }
  v = (v + d) & ame__rc_mask(n);
  ame__write_seg(tx, a, &v, n);
  return v;
}

AME__EXPORT uint64_t __ame_refcount_add(void *txp, void *a, uint64_t d,
                                        uint32_t n, void *site) {
  struct __ame_tx *tx = txp;
  AME__NOTE_ACCESS(tx, a, site);
  if (ame__rc_exact(tx, a, n))
    return ame__rc_add_exact(tx, a, d, n);
  struct ame__rc *e = ame__rc_find(tx, a);
  if (!e) {
    if (2 * (tx->rcs.len + 1) > tx->rcindex.len)
      ame__rc_index_grow(tx);
    ame__rc_room(&tx->rcs, sizeof(struct ame__rc));
    e = &AME__RC(tx)[tx->rcs.len++];
    tx->extras |= AME__X_LISTS;
    *e = (struct ame__rc){.addr = a,
                          .base = ame__rc_peek(a, n),
                          .size = n,
                          .site = site,
                          .pc = tx->pc_now};
    *ame__rc_slot(tx, a) = (uint32_t)tx->rcs.len;
  }
  e->delta = (e->delta + d) & ame__rc_mask(n);
  return (e->base + e->delta) & ame__rc_mask(n);
}

/* The counter now, at a version the snapshot accepts (extending it if the
 * line moved on: every read so far still holds then), so an outcome the body
 * sees agrees with everything else it read. A line another transaction holds
 * is read as it is: that one changes the counter only with a compare-and-swap
 * at its commit, and the outcome is checked again at this one's. */
static uint64_t ame__rc_now(struct __ame_tx *tx, const void *a, uint32_t n) {
  uint64_t *m = ame__meta(a);
  for (;;) {
    uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
    if (!(w & 1) && !ame__version_ok(tx, w)) {
      if (!ame__extend(tx, w))
        ame__abort(tx, AME_ABORT_VALIDATION);
      continue;
    }
    uint64_t v = ame__rc_peek(a, n);
    if ((w & 1) || __atomic_load_n(m, __ATOMIC_ACQUIRE) == w)
      return v;
  }
}

AME__EXPORT uint32_t __ame_refcount_test(void *txp, void *a, uint64_t v,
                                         uint64_t c, uint32_t how, void *site) {
  struct __ame_tx *tx = txp;
  AME__NOTE_ACCESS(tx, a, site);
  uint32_t n = how >> 8;
  struct ame__rc *e = ame__rc_find(tx, a);
  /* No delta pending: v came from an exact add, and is exact. */
  if (!e || ame__rc_exact(tx, a, n))
    return (uint32_t)ame__rc_eval(how, v, c);
  uint64_t partial = v - e->base;
  uint32_t outcome =
      (uint32_t)ame__rc_eval(how, ame__rc_now(tx, a, n) + partial, c);
  ame__rc_room(&tx->rcpreds, sizeof(struct ame__rc_pred));
  struct ame__rc_pred *p = &AME__RCP(tx)[tx->rcpreds.len++];
  *p = (struct ame__rc_pred){.partial = partial,
                             .constant = c,
                             .how = how,
                             .outcome = outcome,
                             .next = e->preds};
  e->preds = (uint32_t)tx->rcpreds.len;
  return outcome;
}

AME__EXPORT uint64_t __ame_refcount_load(void *txp, void *a, uint32_t n,
                                         void *site) {
  struct __ame_tx *tx = txp;
  AME__NOTE_ACCESS(tx, a, site);
  uint64_t v = 0;
  if (((uintptr_t)a & (AME__LINE - 1)) + n <= AME__LINE)
    ame__read_seg(tx, &v, a, n);
  else
    ame__read_range(tx, &v, a, n);
  struct ame__rc *e = ame__rc_find(tx, a);
  if (e && !ame__rc_written(ame__rc_own_entry(tx, a), a, n))
    v += e->delta;
  return v & ame__rc_mask(n);
}

AME__EXPORT void __ame_refcount_store(void *txp, void *a, uint64_t v,
                                      uint32_t n, void *site) {
  struct __ame_tx *tx = txp;
  AME__NOTE_ACCESS(tx, a, site);
  struct ame__rc *e = ame__rc_find(tx, a);
  if (e)
    e->delta = 0; /* the value stored replaces everything before it */
  if (((uintptr_t)a & (AME__LINE - 1)) + n <= AME__LINE)
    ame__write_seg(tx, a, &v, n);
  else
    ame__write_range(tx, a, &v, n);
}

/* The entry needs its line at commit: it changes the counter or tested it. */
static AME__ALWAYS_INLINE int ame__rc_needed(const struct ame__rc *e) {
  return e->delta || e->preds;
}

/* Waits for a line another transaction holds; 0 if it gave up. A
 * transaction that stops commits waits as long as it takes (the holder
 * aborts at its own commit). */
static int ame__rc_wait(struct __ame_tx *tx, const uint64_t *m, uint64_t w) {
  const struct ame__wentry *e = (const struct ame__wentry *)(w - 1);
  struct __ame_tx *owner = ame__wentry_owner(e);
  /* Its window is closed while it waits, as in ame__commit's wait: nobody
   * needs to wait for a transaction that has not validated, and a commit
   * that waits for open windows must not wait for this one. */
  int window = (int)(tx->wb_slot & 1);
  ame__window_close(tx);
  __atomic_store_n(&tx->rc_waiting, 1, __ATOMIC_SEQ_CST);
  int got = 1;
  for (unsigned spins = 0; __atomic_load_n(m, __ATOMIC_ACQUIRE) == w;
       spins++) {
    if (!tx->stops_commits) {
      int holds_long =
          __atomic_load_n(&owner->in_body, __ATOMIC_RELAXED) ||
          __atomic_load_n(&ame__inevitable_owner, __ATOMIC_RELAXED) == owner;
      if ((holds_long && spins >= AME__RC_BODY_SPINS) ||
          (spins >= AME__RC_COMMIT_SPINS &&
           __atomic_load_n(&owner->rc_waiting, __ATOMIC_SEQ_CST))) {
        got = 0;
        break;
      }
    }
    ame__spin_wait(spins);
  }
  __atomic_store_n(&tx->rc_waiting, 0, __ATOMIC_RELAXED);
  if (window)
    __atomic_store_n(&tx->wb_slot, tx->wb_slot + 1, __ATOMIC_SEQ_CST);
  return got;
}

int ame__rc_lock(struct __ame_tx *tx) {
  uint64_t newest = 0;
  int observed = 0;
  for (size_t i = 0; i < tx->rcs.len; i++) {
    struct ame__rc *r = &AME__RC(tx)[i];
    r->held = NULL;
    r->observed = 0;
    if (!ame__rc_needed(r))
      continue;
    uint64_t *m = ame__meta(r->addr);
    for (;;) {
      uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
      if (w == tx->inplace_word)
        break; /* its own in place: memory is the counter */
      if (w & 1) {
        struct ame__wentry *e = (struct ame__wentry *)(w - 1);
        if (ame__wentry_owner(e) == tx) {
          r->held = e;
          break;
        }
        if (!ame__rc_wait(tx, m, w)) {
          tx->site_now = r->site;
          tx->pc_now = r->pc;
          tx->addr_now = r->addr;
          tx->conflict_m = m;
          tx->conflict_w = w;
          ame__abort(tx, AME_ABORT_WRITE_CONFLICT);
        }
        continue;
      }
      /* Tests and no change (an incref and its decref in one block, the
       * common case for shared objects): nothing to write, so no lock. The
       * line is read like any other line at commit: its version, seen now,
       * must be the same after validation (ame__rc_apply), so no commit
       * changed the counter between here and this transaction's
       * serialization point. Hot objects' lines then stay unlocked. */
      if (!r->delta) {
        r->seen = w;
        r->observed = 1;
        observed = 1;
        break;
      }
      /* No byte of the line is read through this lock, so any version will
       * do; the timestamp is made to exceed it below. */
      struct ame__wentry *e = ame__wlock(tx, m, w);
      if (!e)
        continue;
      if (!ame__version_ok(tx, w) && w > newest)
        newest = w;
      r->held = e;
      break;
    }
  }
  /* The commit's timestamp is the clock plus one: above every version it
   * replaces only if the clock has reached them. */
  if (newest)
    ame__clock_advance(newest);
  return observed;
}

/* Checks r's comparisons against cur; 1 if all hold. */
static int ame__rc_check(struct __ame_tx *tx, const struct ame__rc *r,
                         uint64_t cur) {
  for (uint32_t i = r->preds; i; i = AME__RCP(tx)[i - 1].next) {
    const struct ame__rc_pred *p = &AME__RCP(tx)[i - 1];
    if ((uint32_t)ame__rc_eval(p->how, cur + p->partial, p->constant) !=
        p->outcome)
      return 0;
  }
  return 1;
}

/* The counter whose check failed, for the abort that follows. */
static void ame__rc_blame(struct __ame_tx *tx, const struct ame__rc *r) {
  tx->prof_why = AME__PROF_REFCOUNT;
  tx->site_now = r->site;
  tx->pc_now = r->pc;
  tx->addr_now = r->addr;
}

/* The delta of r still counts: no byte of the counter was written through
 * the write log after it was taken. */
static int ame__rc_live_delta(const struct ame__rc *r) {
  return r->delta && !ame__rc_written(r->held, r->addr, r->size);
}

/* Check-and-add of every entry, each by one compare-and-swap from the value
 * checked; on a failed check the deltas added so far are taken back (their
 * lines are still locked: no transaction saw them; increments outside
 * transactions commute with them). */
int ame__rc_apply(struct __ame_tx *tx) {
  for (size_t i = 0; i < tx->rcs.len; i++) {
    const struct ame__rc *r = &AME__RC(tx)[i];
    if (!ame__rc_needed(r))
      continue;
    uint64_t d = ame__rc_live_delta(r) ? r->delta : 0;
    for (;;) {
      uint64_t cur = ame__rc_peek(r->addr, r->size);
      /* Observed, not locked: the value read is the committed one only if
       * the version did not move (increments outside transactions move
       * the value alone, and commute). */
      int moved = r->observed && __atomic_load_n(ame__meta(r->addr),
                                                 __ATOMIC_ACQUIRE) != r->seen;
      if (moved || !ame__rc_check(tx, r, cur)) {
        ame__rc_blame(tx, r);
        for (size_t j = 0; j < i; j++) {
          const struct ame__rc *u = &AME__RC(tx)[j];
          if (ame__rc_needed(u) && ame__rc_live_delta(u))
            ame__rc_fetch_add(u->addr, -u->delta, u->size);
        }
        return 0;
      }
      if (!d || ame__rc_cas(r->addr, cur, cur + d, r->size))
        break;
    }
  }
  return 1;
}

int ame__rc_inevitable(struct __ame_tx *tx) {
  for (size_t i = 0; i < tx->rcs.len; i++) {
    struct ame__rc *r = &AME__RC(tx)[i];
    r->held = NULL;
    r->observed = 0;
    if (!ame__rc_needed(r))
      continue;
    r->held = ame__lock_line(tx, ame__meta(r->addr));
  }
  if (!ame__rc_apply(tx))
    return 0;
  for (size_t i = 0; i < tx->rcs.len; i++)
    if (ame__rc_live_delta(&AME__RC(tx)[i]))
      tx->wrote_in_place = 1;
  ame__rc_clear(tx);
  return 1;
}

int ame__rc_preds_hold(struct __ame_tx *tx) {
  for (size_t i = 0; i < tx->rcs.len; i++) {
    const struct ame__rc *r = &AME__RC(tx)[i];
    if (r->preds && !ame__rc_check(tx, r, ame__rc_peek(r->addr, r->size))) {
      ame__rc_blame(tx, r);
      return 0;
    }
  }
  return 1;
}
