/*===- parallel.c - ame_parallel_for: each iteration an atomic block ------===
 *
 * Workers take iterations from a shared counter and run each as an atomic
 * block through __ame_run. The body is plain C reached through a pointer, so
 * the block calls its transactional clone, found in the clone map (any
 * module built with the plugin, shared libraries included); a body built
 * without the plugin has none and runs in serial mode, which is correct for
 * any code. With AME_ORDERED, iteration k commits at turn k (ordered.c).
 *
 *   ame_parallel_for(0, n, body, &ctx, AME_ORDERED);
 *===----------------------------------------------------------------------===*/
#include "internal.h"

/* Where the pool's blocks come from, for statistics and conflict reports. */
static const struct __ame_site ame__item_site = {"",   "ame_parallel_for", 0, 0,
                                                 NULL, AME_SITE_SERIAL};
static const struct __ame_site ame__no_clone_site = {
    "",
    "ame_parallel_for",
    0,
    0,
    "a loop body or task without a clone",
    AME_SITE_SERIAL};

struct ame__item {
  void *fn;
  void *clone;
  int indexed;
  size_t i;
  void *arg;
};

static void ame__item_call(struct __ame_tx *tx, const struct ame__item *it) {
  if (it->clone) {
    if (it->indexed)
      ((void (*)(struct __ame_tx *, size_t, void *))it->clone)(tx, it->i,
                                                               it->arg);
    else
      ((void (*)(struct __ame_tx *, void *))it->clone)(tx, it->arg);
    return;
  }
  __ame_irrevocable_v2(tx, (void *)&ame__no_clone_site);
  if (it->indexed)
    ((void (*)(size_t, void *))it->fn)(it->i, it->arg);
  else
    ((void (*)(void *))it->fn)(it->arg);
}

static uint32_t ame__item_body(struct __ame_tx *tx, void *p) {
  ame__item_call(tx, p);
  return 0;
}

void ame__run_item(void *fn, int indexed, size_t i, void *arg) {
  struct ame__item it = {fn, __ame_find_clone(fn), indexed, i, arg};
  struct __ame_tx *tx = ame__self;
  if (tx && tx->depth) {
    ame__item_call(tx, &it);
    return;
  }
  __ame_run((void *)&ame__item_site, (void *)ame__item_body, &it);
}

struct ame__loop {
  struct ame__job job;
  size_t begin, end;
  void (*body)(size_t, void *);
  void *ctx;
  int ordered;
  _Alignas(64) size_t next; /* next iteration to take */
  struct ame__order order;
};

static void ame__loop_run(struct ame__job *job, unsigned worker) {
  (void)worker;
  struct ame__loop *l = (struct ame__loop *)job;
  struct __ame_tx *tx = NULL;
  if (l->ordered)
    tx = ame__self ? ame__self : ame__thread_tx();
  for (;;) {
    size_t i = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
    if (i >= l->end)
      break;
    if (!l->ordered) {
      ame__run_item((void *)l->body, 1, i, l->ctx);
      continue;
    }
    /* Iterations are taken in order and a worker holds one at a time, so
     * those not yet committed are at most one per worker: the window of
     * speculation is the worker count, and the holder is always running. */
    tx->order = &l->order;
    tx->order_index = i - l->begin;
    tx->order_wait_first = 0;
    ame__run_item((void *)l->body, 1, i, l->ctx);
    tx->order = NULL;
    /* After the block's commit actions: the next block's output follows. */
    ame__order_done(&l->order, i - l->begin);
  }
}

AME__EXPORT void ame_parallel_for(size_t begin, size_t end,
                                  void (*body)(size_t i, void *ctx), void *ctx,
                                  unsigned flags) {
  if (begin >= end)
    return;
  struct __ame_tx *tx = ame__self;
  if (tx && tx->depth) {
    /* One block already: the iterations join it, in order. */
    for (size_t i = begin; i < end; i++)
      ame__run_item((void *)body, 1, i, ctx);
    return;
  }
  struct ame__loop l = {.job = {.run = ame__loop_run},
                        .begin = begin,
                        .end = end,
                        .body = body,
                        .ctx = ctx,
                        .ordered = !!(flags & AME_ORDERED),
                        .next = begin};
  ame__pool_run(&l.job);
}
