/*===- barrier_fast.h - Inline fast paths of the load/store barriers -------===
 *
 * The one source of the fast paths: barrier.c includes it to define the
 * out-of-line __ame_load_N / __ame_store_N in libame, fastpath_bc.c includes
 * it to build ame_fastpath.bc, which the pass links into every instrumented
 * module and inlines. Everything rare goes to __ame_slow_load /
 * __ame_slow_store (barrier_slow.c).
 *
 * Read (TL2/LSA style, no lock taken):
 *   w = lock word; unlocked and w <= snapshot (or committed by this thread:
 *   its tag): read, re-check the lock word,
 *   append the lock word's address to the read log unless it was the last one;
 *   a repeated line whose address did not grow since the previous read (a
 *   loop re-reading the line) counts down tx->rcheck, and at 0 the slow path
 *   revalidates. A scan moving forward through the line only stores the
 *   address: a plain store, no read-modify-write chain from read to read.
 *   Locked by this transaction: bytes it wrote come from the redo buffer, the
 *   others from memory, which nobody else changes while the line is held
 *   (lines it allocated or locked in place: memory).
 * Write (encounter-time locking, write-back): the line must already be locked
 * by this transaction; the value goes into the redo buffer, its bytes into
 * the mask. Writes to the attempt's own stack frames go in place.
 *===----------------------------------------------------------------------===*/
#ifndef AME_RUNTIME_BARRIER_FAST_H
#define AME_RUNTIME_BARRIER_FAST_H

#include "internal.h"

/* A fixed-size access that stays inside one 64-byte line. */
static AME__ALWAYS_INLINE int ame__in_line(const void *a, unsigned n) {
  return n == 1 || ((uintptr_t)a & (AME__LINE - 1)) <= AME__LINE - n;
}

#define AME__DEFINE_FAST(N, T)                                                 \
  static AME__ALWAYS_INLINE T ame__load_fast_##N(                              \
      struct __ame_tx *tx, const void *a, const void *site) {                  \
    T v;                                                                       \
    if (AME__UNLIKELY(!ame__in_line(a, N)))                                    \
      return (T)__ame_slow_load(tx, a, N, site);                               \
    uint64_t *m = ame__meta(a);                                                \
    uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);                         \
    if (AME__LIKELY(!(w & 1))) {                                               \
      if (AME__UNLIKELY(w >= tx->rlimit) &&                                    \
          (w & AME__TAG_MASK) != tx->tag_bits)                                 \
        return (T)__ame_slow_load(tx, a, N, site);                             \
      __builtin_memcpy(&v, a, N);                                              \
      __atomic_thread_fence(__ATOMIC_ACQUIRE);                                 \
      if (AME__UNLIKELY(__atomic_load_n(m, __ATOMIC_RELAXED) != w))            \
        return (T)__ame_slow_load(tx, a, N, site);                             \
      if (m != tx->rlast) {                                                    \
        if (AME__UNLIKELY(tx->rpos == tx->rend))                               \
          return (T)__ame_slow_load(tx, a, N, site);                           \
        *tx->rpos++ = m;                                                       \
        tx->rlast = m;                                                         \
        tx->rlast_a = (uintptr_t)a;                                            \
      } else {                                                                 \
        uintptr_t prev = tx->rlast_a;                                          \
        tx->rlast_a = (uintptr_t)a;                                            \
        if ((uintptr_t)a <= prev && AME__UNLIKELY(--tx->rcheck == 0))          \
          return (T)__ame_slow_load(tx, a, N, site);                           \
      }                                                                        \
      return v;                                                                \
    }                                                                          \
    if (w == tx->inplace_word) {                                               \
      __builtin_memcpy(&v, a, N);                                              \
      return v;                                                                \
    }                                                                          \
    const struct ame__wentry *e = (const struct ame__wentry *)(w - 1);         \
    if (AME__LIKELY(ame__wentry_owner(e) == tx)) {                             \
      unsigned off = (uintptr_t)a & (AME__LINE - 1);                           \
      uint64_t need = (uint64_t)((1u << N) - 1) << off;                        \
      uint64_t have = ame__wentry_mask(e) & need;                              \
      if (AME__LIKELY(have == need)) {                                         \
        __builtin_memcpy(&v, ame__wdata(e) + off, N);                          \
        return v;                                                              \
      }                                                                        \
      if (have == 0 && AME__LIKELY(--tx->rcheck != 0)) {                       \
        __builtin_memcpy(&v, a, N); /* not written: memory, which it holds */  \
        return v;                                                              \
      }                                                                        \
    }                                                                          \
    return (T)__ame_slow_load(tx, a, N, site);                                 \
  }                                                                            \
                                                                               \
  static AME__ALWAYS_INLINE void ame__store_fast_##N(                          \
      struct __ame_tx *tx, void *a, T v, const void *site) {                   \
    if (AME__LIKELY(ame__in_line(a, N))) {                                     \
      uint64_t *m = ame__meta(a);                                              \
      uint64_t w = __atomic_load_n(m, __ATOMIC_RELAXED);                       \
      if (AME__LIKELY(w & 1)) {                                                \
        if (w == tx->inplace_word) {                                           \
          __builtin_memcpy(a, &v, N);                                          \
          tx->wrote_in_place = 1;                                              \
          return;                                                              \
        }                                                                      \
        struct ame__wentry *e = (struct ame__wentry *)(w - 1);                 \
        if (AME__LIKELY(ame__wentry_owner(e) == tx)) {                         \
          unsigned off = (uintptr_t)a & (AME__LINE - 1);                       \
          uint64_t bits = (uint64_t)((1u << N) - 1) << off;                    \
          uint64_t k = e->key;                                                 \
          /* Spanning words already: the buffer; still one word: in the        \
           * entry; else the slow path moves the bytes to a buffer. */         \
          if (AME__UNLIKELY(k & AME__WK_LINE)) {                               \
            __builtin_memcpy(e->d.line + off, &v, N);                          \
            *ame__wentry_mask_slot(e) |= bits;                                 \
            return;                                                            \
          }                                                                    \
          uint64_t nm = ame__wkey_mask(k) | bits;                              \
          if (AME__LIKELY(ame__one_word(nm))) {                                \
            __builtin_memcpy((unsigned char *)&e->d.word + (off & 7), &v, N);  \
            e->key = ame__wkey_word(k, nm);                                    \
            return;                                                            \
          }                                                                    \
        }                                                                      \
      } else if ((uintptr_t)a - tx->stack_lo < tx->stack_span) {               \
        __builtin_memcpy(a, &v, N);                                            \
        return;                                                                \
      }                                                                        \
    }                                                                          \
    __ame_slow_store(tx, a, (uint64_t)v, N, site);                             \
  }

/* The same protocol for an n-byte copy inside one line (n a constant after
 * inlining for vector-sized __ame_load_bytes / __ame_store_bytes; not for
 * the short copies of barrier.c). Returns 0 when the slow path must do it. */
static AME__ALWAYS_INLINE int
ame__load_copy_fast(struct __ame_tx *tx, void *dst, const void *a, unsigned n) {
  uint64_t *m = ame__meta(a);
  uint64_t w = __atomic_load_n(m, __ATOMIC_ACQUIRE);
  if (AME__LIKELY(!(w & 1))) {
    if (AME__UNLIKELY(w >= tx->rlimit) && (w & AME__TAG_MASK) != tx->tag_bits)
      return 0;
    ame__copy_upto_line(dst, a, n);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (AME__UNLIKELY(__atomic_load_n(m, __ATOMIC_RELAXED) != w))
      return 0;
    if (m != tx->rlast) {
      if (AME__UNLIKELY(tx->rpos == tx->rend))
        return 0;
      *tx->rpos++ = m;
      tx->rlast = m;
      tx->rlast_a = (uintptr_t)a;
    } else {
      uintptr_t prev = tx->rlast_a;
      tx->rlast_a = (uintptr_t)a;
      if ((uintptr_t)a <= prev && AME__UNLIKELY(--tx->rcheck == 0))
        return 0;
    }
    return 1;
  }
  if (w == tx->inplace_word) {
    ame__copy_upto_line(dst, a, n);
    return 1;
  }
  const struct ame__wentry *e = (const struct ame__wentry *)(w - 1);
  if (AME__LIKELY(ame__wentry_owner(e) == tx)) {
    unsigned off = (uintptr_t)a & (AME__LINE - 1);
    uint64_t need = ame__len_mask(n, off);
    uint64_t have = ame__wentry_mask(e) & need;
    if (AME__LIKELY(have == need)) {
      ame__copy_upto_line(dst, ame__wdata(e) + off, n);
      return 1;
    }
    if (have == 0 && AME__LIKELY(--tx->rcheck != 0)) {
      ame__copy_upto_line(dst, a, n);
      return 1;
    }
  }
  return 0;
}

static AME__ALWAYS_INLINE int ame__store_copy_fast(struct __ame_tx *tx, void *a,
                                                   const void *src,
                                                   unsigned n) {
  uint64_t *m = ame__meta(a);
  uint64_t w = __atomic_load_n(m, __ATOMIC_RELAXED);
  if (AME__LIKELY(w & 1)) {
    if (w == tx->inplace_word) {
      ame__copy_upto_line(a, src, n);
      tx->wrote_in_place = 1;
      return 1;
    }
    struct ame__wentry *e = (struct ame__wentry *)(w - 1);
    /* n >= 16 spans words: only an entry that has its buffer already. */
    if (AME__LIKELY(ame__wentry_owner(e) == tx) &&
        AME__LIKELY(e->key & AME__WK_LINE)) {
      unsigned off = (uintptr_t)a & (AME__LINE - 1);
      ame__copy_upto_line(e->d.line + off, src, n);
      *ame__wentry_mask_slot(e) |= ame__len_mask(n, off);
      return 1;
    }
    return 0;
  }
  if ((uintptr_t)a - tx->stack_lo < tx->stack_span) {
    ame__copy_upto_line(a, src, n);
    return 1;
  }
  return 0;
}

/* __ame_load_bytes: a copy inside one line takes the inline protocol,
 * everything else the slow path. The pass's calls have a constant size
 * (vector loads of 16 or 32 bytes, its line buffers' 64, the fields of one
 * object it reads at once: docs/pass.md), with which the inlined copy
 * folds to a few moves. */
static AME__ALWAYS_INLINE void
ame__load_bytes_fast(struct __ame_tx *tx, void *dst, const void *src, size_t n,
                     const void *site) {
  if (AME__LIKELY(n - 1 < AME__LINE) &&
      AME__LIKELY(ame__in_line(src, (unsigned)n)) &&
      AME__LIKELY(ame__load_copy_fast(tx, dst, src, (unsigned)n)))
    return;
  __ame_slow_load_bytes(tx, dst, src, n, site);
}

/* __ame_store_bytes: vector-sized copies (16 or 32 bytes, a constant once
 * inlined) inside one line take the inline protocol, everything else the
 * slow path. */
static AME__ALWAYS_INLINE void
ame__store_bytes_fast(struct __ame_tx *tx, void *dst, const void *src, size_t n,
                      const void *site) {
  switch (n) {
  case 16:
    if (AME__LIKELY(ame__in_line(dst, 16)) &&
        AME__LIKELY(ame__store_copy_fast(tx, dst, src, 16)))
      return;
    break;
  case 32:
    if (AME__LIKELY(ame__in_line(dst, 32)) &&
        AME__LIKELY(ame__store_copy_fast(tx, dst, src, 32)))
      return;
    break;
  default:
    break;
  }
  __ame_slow_store_bytes(tx, dst, src, n, site);
}

AME__DEFINE_FAST(1, uint8_t)
AME__DEFINE_FAST(2, uint16_t)
AME__DEFINE_FAST(4, uint32_t)
AME__DEFINE_FAST(8, uint64_t)
#undef AME__DEFINE_FAST

#endif /* AME_RUNTIME_BARRIER_FAST_H */
