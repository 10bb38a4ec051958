/*===- queue.c - Task queues: each task an atomic block -------------------===
 *
 * In the spirit of PyPy's `transaction` module: tasks are added from
 * anywhere, and ame_queue_run runs them on the worker pool until none is
 * left. A task added inside an atomic block joins the queue when the block
 * commits (an ame_on_commit action), so an aborted attempt adds nothing and
 * the task sees everything its parent wrote. Tasks are numbered as they join;
 * with AME_ORDERED task k commits at turn k (ordered.c), and since a task's
 * children join after it commits and before the next turn, the numbering,
 * and so the whole run, is that of the sequential queue.
 *
 *   struct ame_queue *q = ame_queue_new(AME_ORDERED);
 *   ame_queue_add(q, visit, root);   ame_queue_run(q);   ame_queue_free(q);
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>

struct ame__task {
  struct ame__task *next;
  struct ame_queue *q;
  void (*fn)(void *);
  void *arg;
  uint64_t seq;
};

struct ame_queue {
  pthread_mutex_t lock;
  struct ame__task *head, *tail;
  uint64_t added; /* tasks that joined, the number of the next one */
  size_t running; /* taken and not finished: they may add more     */
  int ordered;
  /* The transaction running the queue inline (ame_queue_run inside a
   * block): tasks it adds join at once, since it cannot abort. */
  struct __ame_tx *inline_tx;
  struct ame__order order;
};

AME__EXPORT struct ame_queue *ame_queue_new(unsigned flags) {
  struct ame_queue *q = calloc(1, sizeof *q);
  if (!q)
    return NULL;
  pthread_mutex_init(&q->lock, NULL);
  q->ordered = !!(flags & AME_ORDERED);
  return q;
}

AME__EXPORT void ame_queue_free(struct ame_queue *q) {
  if (!q)
    return;
  for (struct ame__task *t = q->head, *n; t; t = n) {
    n = t->next;
    free(t);
  }
  pthread_mutex_destroy(&q->lock);
  free(q);
}

static void ame__queue_push(void *p) {
  struct ame__task *t = p;
  struct ame_queue *q = t->q;
  pthread_mutex_lock(&q->lock);
  t->seq = q->added++;
  t->next = NULL;
  if (q->tail)
    q->tail->next = t;
  else
    q->head = t;
  q->tail = t;
  pthread_mutex_unlock(&q->lock);
}

AME__EXPORT void ame_queue_add(struct ame_queue *q, void (*fn)(void *arg),
                               void *arg) {
  struct __ame_tx *tx = ame__self;
  if (tx && tx->depth && q->inline_tx != tx) {
    /* Freed with the attempt if it aborts; the task record is this
     * transaction's own memory, written without barriers. */
    struct ame__task *t = __ame_malloc(tx, sizeof *t);
    if (!t)
      abort();
    *t = (struct ame__task){.q = q, .fn = fn, .arg = arg};
    ame_on_commit(ame__queue_push, t);
    return;
  }
  struct ame__task *t = malloc(sizeof *t);
  if (!t)
    abort();
  *t = (struct ame__task){.q = q, .fn = fn, .arg = arg};
  ame__queue_push(t);
}

struct ame__queue_job {
  struct ame__job job;
  struct ame_queue *q;
};

static void ame__queue_work(struct ame__job *job, unsigned worker) {
  (void)worker;
  struct ame_queue *q = ((struct ame__queue_job *)job)->q;
  struct __ame_tx *tx = ame__self ? ame__self : ame__thread_tx();
  for (unsigned spins = 0;;) {
    pthread_mutex_lock(&q->lock);
    struct ame__task *t = q->head;
    if (!t) {
      size_t running = q->running;
      pthread_mutex_unlock(&q->lock);
      if (!running)
        return;
      /* A running task may still add work when it commits. */
      ame__spin_wait(spins++);
      continue;
    }
    spins = 0;
    q->head = t->next;
    if (!q->head)
      q->tail = NULL;
    q->running++;
    pthread_mutex_unlock(&q->lock);
    if (q->ordered) {
      tx->order = &q->order;
      tx->order_index = t->seq;
      tx->order_wait_first = 0;
    }
    ame__run_item((void *)t->fn, 0, 0, t->arg);
    if (q->ordered) {
      tx->order = NULL;
      ame__order_done(&q->order, t->seq);
    }
    pthread_mutex_lock(&q->lock);
    q->running--;
    pthread_mutex_unlock(&q->lock);
    free(t);
  }
}

static const struct __ame_site ame__queue_inline_site = {
    "",         "ame_queue_run", 0, 0, "ame_queue_run inside an atomic block",
    AME_SITE_IO};

AME__EXPORT void ame_queue_run(struct ame_queue *q) {
  struct __ame_tx *tx = ame__self;
  if (tx && tx->depth) {
    /* Taking tasks changes the queue, which an abort could not undo: the
     * enclosing block becomes inevitable first, and runs them in order. */
    __ame_irrevocable_v2(tx, (void *)&ame__queue_inline_site);
    struct __ame_tx *outer = q->inline_tx;
    q->inline_tx = tx;
    for (;;) {
      pthread_mutex_lock(&q->lock);
      struct ame__task *t = q->head;
      if (t) {
        q->head = t->next;
        if (!q->head)
          q->tail = NULL;
      }
      pthread_mutex_unlock(&q->lock);
      if (!t)
        break;
      ame__run_item((void *)t->fn, 0, 0, t->arg);
      if (q->ordered)
        __atomic_store_n(&q->order.turn, t->seq + 1, __ATOMIC_RELAXED);
      free(t);
    }
    q->inline_tx = outer;
    return;
  }
  struct ame__queue_job j = {.job = {.run = ame__queue_work}, .q = q};
  ame__pool_run(&j.job);
}
