/*===- fastpath_bc.c - Source of ame_fastpath.bc ---------------------------===
 *
 * The fast paths of barrier_fast.h as the ABI functions the pass calls, for
 * the pass to link into each instrumented module and inline. The build
 * (CMakeLists.txt, make_fastpath_bc.cmake) turns their linkage into
 * available_externally, so a call left un-inlined still binds to libame and
 * no module ever defines an __ame_* symbol. Only exported libame symbols
 * (__ame_slow_load, __ame_slow_store, __ame_slow_load_bytes,
 * __ame_slow_store_bytes) are referenced.
 *===----------------------------------------------------------------------===*/
#include "barrier_fast.h"

#define AME__DEFINE_BC(N, T)                                                   \
  __attribute__((always_inline)) T __ame_load_##N(void *tx, void *a,          \
                                                   void *site) {               \
    return ame__load_fast_##N((struct __ame_tx *)tx, a, site);                 \
  }                                                                            \
  __attribute__((always_inline)) void __ame_store_##N(void *tx, void *a, T v,  \
                                                      void *site) {            \
    ame__store_fast_##N((struct __ame_tx *)tx, a, v, site);                    \
  }
AME__DEFINE_BC(1, uint8_t)
AME__DEFINE_BC(2, uint16_t)
AME__DEFINE_BC(4, uint32_t)
AME__DEFINE_BC(8, uint64_t)

/* Not inlined by the pass unless it lists them as fast paths; present so it
 * can (vector-sized copies with a constant size fold to the inline protocol). */
__attribute__((always_inline)) void
__ame_load_bytes(void *tx, void *dst, void *src, size_t n, void *site) {
  ame__load_bytes_fast((struct __ame_tx *)tx, dst, src, n, site);
}
__attribute__((always_inline)) void
__ame_store_bytes(void *tx, void *dst, void *src, size_t n, void *site) {
  ame__store_bytes_fast((struct __ame_tx *)tx, dst, src, n, site);
}
