/* One allocation or one free as a transaction of its own, through the
 * runtime's entries (as a block built by the pass would call them), for the
 * tests of the runtime's allocator and its cache of reclaimed blocks.
 *   void *p = tx_alloc(64); ...; tx_free(p); */
#ifndef AME_TEST_TX_ALLOC_H
#define AME_TEST_TX_ALLOC_H

#include <ame/abi.h>
#include <stddef.h>

struct tx_alloc_op {
  void *p;
  size_t n;
};

static uint32_t tx_alloc_body(struct __ame_tx *tx, void *ctx) {
  struct tx_alloc_op *o = ctx;
  o->p = __ame_malloc(tx, o->n);
  return 0;
}

static uint32_t tx_free_body(struct __ame_tx *tx, void *ctx) {
  __ame_free(tx, ((struct tx_alloc_op *)ctx)->p);
  return 0;
}

static inline void *tx_alloc(size_t n) {
  struct tx_alloc_op o = {NULL, n};
  __ame_run(NULL, (void *)tx_alloc_body, &o);
  return o.p;
}

static inline void tx_free(void *p) {
  struct tx_alloc_op o = {p, 0};
  __ame_run(NULL, (void *)tx_free_body, &o);
}

#endif
