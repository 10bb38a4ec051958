/*===- barrier.c - Out-of-line load/store barriers and memory intrinsics ---===
 *
 * __ame_load_N / __ame_store_N are the fast paths of barrier_fast.h, for
 * modules where the pass did not inline ame_fastpath.bc. Byte ranges and the
 * mem intrinsics split at line boundaries and use the per-line segment
 * barriers of barrier_slow.c.
 *===----------------------------------------------------------------------===*/
#include "barrier_fast.h"

#include <string.h>

#define AME__DEFINE_ABI(N, T)                                                  \
  AME__EXPORT T __ame_load_##N(void *tx, void *a, void *site) {                \
    return ame__load_fast_##N((struct __ame_tx *)tx, a, site);                 \
  }                                                                            \
  AME__EXPORT void __ame_store_##N(void *tx, void *a, T v, void *site) {       \
    ame__store_fast_##N((struct __ame_tx *)tx, a, v, site);                    \
  }
AME__DEFINE_ABI(1, uint8_t)
AME__DEFINE_ABI(2, uint16_t)
AME__DEFINE_ABI(4, uint32_t)
AME__DEFINE_ABI(8, uint64_t)
#undef AME__DEFINE_ABI

/* Loads inside one line, and vector stores (16 and 32 bytes) inside one
 * line, take the inline protocol; anything else goes by segment
 * (barrier_fast.h; ame_fastpath.bc has the same two functions). */
AME__EXPORT void __ame_load_bytes(void *tx, void *dst, void *src, size_t n,
                                  void *site) {
  ame__load_bytes_fast((struct __ame_tx *)tx, dst, src, n, site);
}

AME__EXPORT void __ame_store_bytes(void *tx, void *dst, void *src, size_t n,
                                   void *site) {
  ame__store_bytes_fast((struct __ame_tx *)tx, dst, src, n, site);
}

/* The k bytes at src, all in one line, into buf: the inline read protocol,
 * else the byte barriers' slow path. */
static AME__ALWAYS_INLINE void ame__load_piece(struct __ame_tx *tx,
                                               unsigned char *buf,
                                               const void *src, unsigned k,
                                               void *site) {
  if (!ame__load_copy_fast(tx, buf, src, k))
    __ame_slow_load_bytes(tx, buf, src, k, site);
}

/* k bytes of buf to dst, all in one line: a line this transaction holds
 * takes them in its entry (moved to a line buffer if they span words), any
 * other goes through the byte barriers' slow path (its first write). */
static AME__ALWAYS_INLINE void ame__store_piece(struct __ame_tx *tx, void *dst,
                                                const unsigned char *buf,
                                                unsigned k, void *site) {
  if (ame__store_copy_fast(tx, dst, buf, k))
    return;
  uint64_t w = __atomic_load_n(ame__meta(dst), __ATOMIC_RELAXED);
  struct ame__wentry *e = (struct ame__wentry *)(w - 1);
  if ((w & 1) && w != tx->inplace_word && ame__wentry_owner(e) == tx) {
    unsigned off = (uintptr_t)dst & (AME__LINE - 1);
    ame__copy_upto_line(ame__wdata_put(tx, e, ame__len_mask(k, off)) + off,
                        buf, k);
    return;
  }
  __ame_slow_store_bytes(tx, dst, buf, k, site);
}

/* A copy of at most a line (a struct's array shifted by an element, a small
 * struct assigned): the source read whole into a buffer, a piece per line,
 * then stored a piece per line. Reading all before writing any makes it a
 * memmove too. 0 for a longer copy. The range path costs about 450
 * instructions for such a copy (a range loop on each side, dispatch per
 * line). */
static AME__ALWAYS_INLINE int ame__copy_short(struct __ame_tx *tx, void *dst,
                                              const void *src, size_t n,
                                              void *site) {
  if (n == 0 || n > AME__LINE)
    return 0;
  unsigned char buf[AME__LINE];
  unsigned k = (unsigned)n;
  unsigned head = AME__LINE - ((uintptr_t)src & (AME__LINE - 1));
  if (head >= k) {
    ame__load_piece(tx, buf, src, k, site);
  } else {
    ame__load_piece(tx, buf, src, head, site);
    ame__load_piece(tx, buf + head, (const char *)src + head, k - head, site);
  }
  head = AME__LINE - ((uintptr_t)dst & (AME__LINE - 1));
  if (head >= k) {
    ame__store_piece(tx, dst, buf, k, site);
  } else {
    ame__store_piece(tx, dst, buf, head, site);
    ame__store_piece(tx, (char *)dst + head, buf + head, k - head, site);
  }
  return 1;
}

AME__EXPORT void __ame_memcpy(void *tx, void *dst, void *src, size_t n,
                              void *site) {
  if (ame__copy_short((struct __ame_tx *)tx, dst, src, n, site))
    return;
  AME__NOTE_ACCESS((struct __ame_tx *)tx, dst, site);
  unsigned char buf[AME__LINE];
  for (size_t done = 0; done < n;) {
    size_t k = n - done < AME__LINE ? n - done : AME__LINE;
    ame__read_range((struct __ame_tx *)tx, buf, (char *)src + done, k);
    ame__write_range((struct __ame_tx *)tx, (char *)dst + done, buf, k);
    done += k;
  }
}

/* Overlapping ranges copy in the direction that reads each source byte before
 * it is overwritten; the transaction reads its own writes, so this is exactly
 * memmove on the transaction's view of memory. */
AME__EXPORT void __ame_memmove(void *tx, void *dst, void *src, size_t n,
                               void *site) {
  if (ame__copy_short((struct __ame_tx *)tx, dst, src, n, site))
    return;
  if ((uintptr_t)dst <= (uintptr_t)src ||
      (uintptr_t)dst >= (uintptr_t)src + n) {
    __ame_memcpy(tx, dst, src, n, site);
    return;
  }
  AME__NOTE_ACCESS((struct __ame_tx *)tx, dst, site);
  unsigned char buf[AME__LINE];
  for (size_t left = n; left > 0;) {
    size_t k = left < AME__LINE ? left : AME__LINE;
    left -= k;
    ame__read_range((struct __ame_tx *)tx, buf, (char *)src + left, k);
    ame__write_range((struct __ame_tx *)tx, (char *)dst + left, buf, k);
  }
}

AME__EXPORT void __ame_memset(void *tx, void *dst, uint32_t c, size_t n,
                              void *site) {
  AME__NOTE_ACCESS((struct __ame_tx *)tx, dst, site);
  unsigned char buf[AME__LINE];
  memset(buf, (int)c, sizeof buf);
  for (size_t done = 0; done < n;) {
    /* Whole lines where possible, so a large memset costs one segment per line.
     */
    size_t room = AME__LINE - (((uintptr_t)dst + done) & (AME__LINE - 1));
    size_t k = n - done < room ? n - done : room;
    ame__write_seg((struct __ame_tx *)tx, (char *)dst + done, buf, k);
    done += k;
  }
}
