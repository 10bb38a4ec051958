/*===- tx.c - Descriptors, threads, __ame_run and attempt start ------------===
 *
 * One descriptor per thread, found through TLS only at region entry; the body
 * receives it as an argument and passes it down (no TLS in barriers).
 * Descriptors are recycled when threads exit and never freed, since other
 * threads may still read them through stale lock words or while scanning the
 * registry for commits in progress and for reclamation epochs.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "internal.h"

#include <dlfcn.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* On its own line: read by every attempt, written rarely. */
_Alignas(64) uint64_t ame__clock;
_Alignas(64) struct __ame_tx *ame__inevitable_owner;
int ame__asym_fence;
_Alignas(64) uint32_t ame__rare;
uint32_t ame__many;
uint64_t ame__live_threads;
__thread struct __ame_tx *ame__self __attribute__((tls_model("initial-exec")));

pthread_mutex_t ame__registry_lock = PTHREAD_MUTEX_INITIALIZER;
struct __ame_tx *ame__registry; /* all descriptors, newest first */
static uint64_t ame__threads_seen; /* guarded by ame__registry_lock */
static unsigned ame__tags_given;   /* guarded by ame__registry_lock */
static pthread_once_t ame__once = PTHREAD_ONCE_INIT;
static pthread_key_t ame__key;

/* pthread key destructor. A thread that exits inside a block normally has
 * committed it while unwinding (ame__call_body); here it is still open only
 * if the unwinder skipped that frame (no unwind tables on the way). */
static void ame__thread_exit(void *p) {
  struct __ame_tx *tx = p;
  /* A handler's block must neither wait for the registry lock held here
   * nor run on a descriptor that another thread may take once it is no
   * longer live; after this, one would set up a descriptor anew. */
  sigset_t saved;
  ame__signals_block_all(&saved);
  if (tx->depth)
    ame__commit_abandoned(tx, "thread exit");
  ame__reclaim_thread_exit(tx);
  pthread_mutex_lock(&ame__registry_lock);
  ame__stats_fold(tx);
  tx->live = 0;
  __atomic_store_n(&ame__live_threads, ame__live_threads - 1, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&ame__registry_lock);
  ame__self = NULL;
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
}

/* Asymmetric fence (liburcu, Folly): attempt start orders its store of
 * active_since before its loads with a compiler barrier only, and the rare
 * side that scans active_since (serial mode, reclamation, fork) makes every
 * running thread execute a full barrier first. Without membarrier(2), attempt
 * start pays the fence itself. */
void ame__asym_fence_init(void) {
  ame__asym_fence =
      syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) ==
      0;
  if (ame__asym_fence) {
    ame__rare_clear(AME__RARE_FENCE);
  } else {
    ame__rare_set(AME__RARE_FENCE);
    /* The hand-over to two threads needs ame__fence_all_threads. */
    __atomic_store_n(&ame__many, 2, __ATOMIC_RELAXED);
  }
}

void ame__fence_all_threads(void) {
  if (ame__asym_fence &&
      syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0)
    return;
  /* Registered, yet refused (cannot happen on Linux >= 4.14): attempts that
   * skipped their fence may be unordered; nothing safe is left to do. */
  if (ame__asym_fence) {
    static const char msg[] = "ame: membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) "
                              "failed after registration\n";
    (void)!write(2, msg, sizeof msg - 1);
    abort();
  }
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void ame__init_once(void) {
  ame__flags_init();
  ame__asym_fence_init();
  ame__shadow_init();
  ame__heap_init();
  ame__masked_stores_init();
  pthread_key_create(&ame__key, ame__thread_exit);
  if (ame__flags.sandbox)
    ame__sandbox_init();
  ame__fork_init();
  __ame_clones_register(NULL, 0); /* the C library's: even with no module's */
  atexit(ame__stats_at_exit);
  ame__profile_init();
}

void ame__init(void) { pthread_once(&ame__once, ame__init_once); }

/* This copy's own __ame_run, whatever the dynamic linker binds the name to. */
extern __typeof__(__ame_run) ame__run_here
    __attribute__((alias("__ame_run"), visibility("hidden")));

/* One runtime per process. Executables built with ame-cc contain libame and
 * export it; a shared library built with ame-cc -shared needs libame.so, so a
 * program that loads one may hold both. Every module then binds to the
 * executable's copy, which the dynamic linker finds first, and libame.so
 * stays unused: it must not map a second shadow. */
int ame__other_runtime_active(void) {
  void *active = dlsym(RTLD_DEFAULT, "__ame_run");
  return active && active != (void *)&ame__run_here;
}

/* Map the shadow and read the flags before main, so AME_HELP and mapping
 * failures show up at startup rather than at the first atomic block. */
__attribute__((constructor)) static void ame__ctor(void) {
  if (ame__other_runtime_active())
    return;
  sigset_t saved;
  ame__signals_block_all(&saved); /* see ame__thread_tx */
  ame__init();
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
}

static struct __ame_tx *ame__tx_new(void) {
  struct __ame_tx *tx = ame__map(sizeof *tx);
  /* Tags are never reused by another descriptor, and a descriptor is used by
   * one thread at a time: a line with this tag was last written by a commit
   * of this descriptor. */
  tx->own_tag_bits =
      ame__tags_given < AME__MAX_TAG ? (uint64_t)++ame__tags_given << 2 : 1;
  tx->tag_bits = tx->own_tag_bits;
  ame__wlog_init(tx);
  tx->inplace_word = (uintptr_t)&tx->whead->sentinel | 1;
  tx->sigs = ame__sigpending_new();
  tx->next_all = ame__registry;
  __atomic_store_n(&ame__registry, tx, __ATOMIC_RELEASE);
  return tx;
}

/* The thread is the second to use AME (or came while the second one was
 * still here): from now on first write locks are compare-and-swaps. The
 * first thread takes a line with a plain store only between making its
 * plain_lock odd and even again, and loads ame__many in between: after the
 * fence in every thread, either that load sees the flag or the odd value is
 * visible here, and this waits until it changes. So no lock taken by this
 * thread's blocks races with a plain store, and no commit that skipped its
 * validation and read marks because it was alone (commit.c, the alone
 * section of internal.h) is still writing back when this thread's first block
 * starts. The wait is a few instructions or one write-back long, never a
 * transaction body: one that blocks cannot make this wait. */
static AME__NOINLINE void ame__many_begin(struct __ame_tx *tx) {
  uint32_t single = 0;
  __atomic_compare_exchange_n(&ame__many, &single, 1, 0, __ATOMIC_SEQ_CST,
                              __ATOMIC_RELAXED);
  ame__fence_all_threads();
  for (struct __ame_tx *o = ame__all_txs(); o; o = o->next_all) {
    uint64_t s = __atomic_load_n(&o->plain_lock, __ATOMIC_ACQUIRE);
    if (o == tx || !(s & 1))
      continue;
    for (unsigned spins = 0;
         __atomic_load_n(&o->plain_lock, __ATOMIC_ACQUIRE) == s; spins++)
      ame__spin_wait(spins);
  }
  __atomic_store_n(&ame__many, 2, __ATOMIC_RELEASE);
}

/* The bounds of the thread's stack, for the attempt's own frames. The C
 * library's answer allocates (pthread_getattr_np, also fopen for the main
 * thread), so never from a signal handler, which may have interrupted
 * malloc: there the bounds stay unknown (0, no frame counts as the
 * attempt's own, every write is logged) until a block outside any handler
 * asks again (ame__attempt). */
void ame__stack_bounds(struct __ame_tx *tx) {
  pthread_attr_t attr;
  void *lo = NULL;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &lo, &size);
    pthread_attr_destroy(&attr);
  }
  tx->stack_base = (uintptr_t)lo;
  tx->stack_end = (uintptr_t)lo + size;
  tx->stack_lo = tx->stack_base;
}

/* Once per thread, with every signal blocked: a handler that runs a block
 * here would set up a second descriptor for the thread, or wait for the
 * registry lock or the C library lock this thread holds. Signals that
 * arrive meanwhile are delivered when the thread has its descriptor. It may
 * itself run in a handler (the thread's first block is a handler's), so it
 * calls only what is async-signal-safe there: no malloc. */
AME__SLOW struct __ame_tx *ame__thread_tx(void) {
  if (ame__self)
    return ame__self;
  sigset_t saved;
  ame__signals_block_all(&saved);
  ame__init();
  pthread_mutex_lock(&ame__registry_lock);
  struct __ame_tx *tx = ame__registry;
  while (tx && tx->live)
    tx = tx->next_all;
  if (!tx)
    tx = ame__tx_new();
  tx->live = 1;
  __atomic_store_n(&ame__live_threads, ame__live_threads + 1, __ATOMIC_RELAXED);
  int second = ame__live_threads >= 2;
  tx->thread_no = ++ame__threads_seen;
  memset(&tx->stats, 0, sizeof tx->stats);
  pthread_mutex_unlock(&ame__registry_lock);
  if (second && __atomic_load_n(&ame__many, __ATOMIC_ACQUIRE) != 2)
    ame__many_begin(tx);

  tx->stack_base = tx->stack_end = tx->stack_lo = 0;
  if (!ame__in_async_handler())
    ame__stack_bounds(tx);
  tx->stack_span = 0;
  tx->body_frame = 0; /* ame__attempt computes the span again */
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  tx->rng = ((uint64_t)t.tv_nsec << 17) ^ (uintptr_t)tx ^ 0x9e3779b97f4a7c15ull;
  tx->depth = 0;
  tx->attempts = 1;
  tx->sig_pending = 0; /* a dead thread's, in a forked child (fork.c) */
  tx->rlimit = 0;
  ame__rlog_reset(tx);
  /* Whatever the descriptor's last thread left: the first attempt resets
   * all of it. */
  tx->extras = ~0u;
  pthread_setspecific(ame__key, tx);
  ame__self = tx;
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  return tx;
}

/* What attempt start resets only after an attempt that set tx->extras:
 * state that reads and writes through the first chunk of each log leave
 * as they found it. */
static AME__NOINLINE void ame__begin_reset(struct __ame_tx *tx) {
  tx->extras = 0;
  /* Set only by an attempt that went through ame__begin_mode, which set
   * AME__X_MODE: so every attempt after a profiled one comes here. */
  tx->profiling = 0;
  /* Likewise: only lines an attempt allocated or locked in place (both
   * recorded in tx->extras) are written in place. */
  tx->wrote_in_place = 0;
  tx->inevitable = 0;
  tx->tag_bits = tx->own_tag_bits;
  tx->rcur = tx->rhead; /* ame__rlog_reset, inline: the chunk exists */
  tx->rdone = 0;
  tx->rend = tx->rhead->slot + tx->rhead->cap;
  tx->rvalidate_at = 2 * tx->rhead->cap;
  tx->rcompact_at = 2 * tx->rhead->cap;
  tx->rcheck_period = AME__RCHECK_FIRST;
  tx->wcur = tx->whead;
  ame__line_buffers_reset(tx);
  tx->ilocks.len = 0;
  tx->allocs.len = 0;
  tx->frees.len = 0;
  tx->defers.len = 0;
  tx->imm_reads.len = 0;
  tx->alloc_bytes = 0;
  ame__rc_reset(tx);
}

/* An attempt that is ordered, profiled, retried past the limit, or must run
 * inevitably. */
static AME__NOINLINE void ame__begin_mode(struct __ame_tx *tx) {
  tx->extras |= AME__X_MODE;
  if (tx->order)
    ame__order_begin(tx);
  if (tx->want_inevitable)
    ame__inevitable_begin(tx);
  else if ((int64_t)tx->attempts > ame__flags.retry_limit) {
    if (tx->last_attempt_read_only && tx->attempts > 1)
      ame__stop_commits_begin(tx);
    else
      ame__inevitable_begin(tx);
  }
}

/* Attempt start when ame__rare has a bit set, after active_since is
 * published: the waits for serial mode and stopped commits, the test stamp;
 * returns the clock the snapshot is taken from. */
static AME__NOINLINE uint64_t ame__begin_rare(struct __ame_tx *tx) {
  /* Without membarrier, the store of active_since is ordered before the
   * loads below here (the bit is always set then). */
  if (!ame__asym_fence)
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
  if (__atomic_load_n(&ame__serial_owner, __ATOMIC_RELAXED)) {
    if (tx->profiling)
      ame__profile_serial_wait(tx);
    else
      ame__serial_wait(tx);
  }
  if (__atomic_load_n(&ame__commits_stopped, __ATOMIC_RELAXED)) {
    if (tx->profiling)
      ame__profile_commits_wait(tx);
    else
      ame__commits_wait(tx);
  }
  uint64_t s = __atomic_load_n(&ame__clock, __ATOMIC_ACQUIRE);
  if (ame__testing_stamps) {
    ame__testing_stamp(tx);
    tx->extras |= AME__X_MODE;
  }
  return s;
}

/* What every attempt start does once its mode is settled: publish the
 * attempt, take the snapshot. */
static AME__ALWAYS_INLINE void ame__begin_publish(struct __ame_tx *tx) {
  /* Epoch for reclamation and the serial-mode handshake: published before
   * the serial owner and the snapshot are read. Another thread that must not
   * miss it runs ame__fence_all_threads() before it looks (tx.c), so this
   * store needs no fence here: it stays in this thread's cache line. The
   * serial owner and the commit-stopping transaction set their bits of
   * ame__rare before that, so reading the word is reading them. */
  uint64_t c = __atomic_load_n(&ame__clock, __ATOMIC_RELAXED);
  __atomic_store_n(&tx->active_since, c | 1, __ATOMIC_RELAXED);
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  uint64_t s;
  if (AME__UNLIKELY(__atomic_load_n(&ame__rare, __ATOMIC_RELAXED)))
    s = ame__begin_rare(tx);
  else
    s = __atomic_load_n(&ame__clock, __ATOMIC_ACQUIRE);
  tx->snapshot = ame__snapshot_of(s);
}

/* Attempt start when tx->extras or ame__rare is set: the last attempt left
 * state behind, this one is a retry, ordered, profiled, past the retry
 * limit, or other threads need attention. */
static AME__NOINLINE void ame__begin_general(struct __ame_tx *tx) {
  if (tx->extras)
    ame__begin_reset(tx);
  uint32_t profiling =
      __atomic_load_n(&ame__rare, __ATOMIC_RELAXED) & AME__RARE_PROFILING;
  /* A negative limit counts as 0: every attempt is past it. tx->profiling
   * is 0 unless set here (ame__begin_reset). */
  if (profiling | (tx->order != NULL) | tx->want_inevitable |
      ((int64_t)tx->attempts > ame__flags.retry_limit)) {
    tx->profiling = profiling != 0;
    ame__begin_mode(tx);
  }
  /* A retry's commit takes the general path, which counts its attempts, and
   * so does the thread's first commit: the short one knows that it has the
   * first attempt and that max_attempts counts it already. */
  if (tx->attempts != 1 || !tx->stats.max_attempts)
    tx->extras |= AME__X_AGAIN;
  /* Cleared by the abort (abort.c): ame__attempt computes it again. */
  if (!tx->stack_span)
    tx->body_frame = 0;
  ame__begin_publish(tx);
  tx->rlimit = tx->inevitable ? 0 : tx->snapshot + 2;
  /* What the short commit resets, for an attempt after one that did not
   * end with it (an abort, the general commit). */
  uint64_t **first = tx->rhead->slot;
  if (tx->rpos != first) {
    tx->rpos = first;
    tx->rlast = NULL;
  }
  tx->rcheck = AME__RCHECK_FIRST;
  tx->wused = 0;
  tx->wcount = 0;
  if (profiling)
    ame__profile_begin(tx);
}

/* tx->attempts numbers this attempt: 1 when the block starts (left so by
 * the last commit), counted up by ame__abort. Everything that needs more than
 * the short attempt start sets a bit in tx->extras (the state the last attempt
 * left, a retry, an ordered block) or in ame__rare (profiling, other threads'
 * serial mode or stopped commits): one test of the two words. A retry limit
 * below 1 needs no bit: every attempt then runs inevitably, which sets
 * AME__X_MODE, so each attempt start after the thread's first (every bit set)
 * takes the general path. */
static AME__ALWAYS_INLINE void ame__begin(struct __ame_tx *tx) {
  if (AME__UNLIKELY(tx->extras |
                    __atomic_load_n(&ame__rare, __ATOMIC_RELAXED))) {
    ame__begin_general(tx);
    return;
  }
  ame__begin_publish(tx);
  /* Not inevitable: that sets AME__X_MODE. */
  tx->rlimit = tx->snapshot + 2;
  /* The short commit left the logs empty (rpos, wused and wcount); only
   * the re-read countdown moves without logging anything. A store only
   * where needed: each holds a store-buffer slot while the body's misses
   * are outstanding (tx_commit.c). */
  if (AME__UNLIKELY(tx->rcheck != AME__RCHECK_FIRST))
    tx->rcheck = AME__RCHECK_FIRST;
}

/* One attempt: start, body, commit. noinline for two reasons. Its frame
 * bounds the attempt's own stack: everything below the line holding its
 * frame address belongs to frames that die with the attempt, so the body
 * writes there in place without logging; the line is aligned so that no
 * line is shared with the frames above, which the body may write through
 * its context pointer and which are logged. And it keeps the descriptor in
 * a register: in its caller, which holds the __builtin_setjmp, every value
 * lives in memory. */
static AME__NOINLINE uint32_t ame__attempt(struct __ame_tx *tx) {
  ame__begin(tx);
  /* pthread_exit and cancellation unwind the body's frames: the cleanup
   * commits the block on the way out, as `return` would, so its locks, the
   * token and serial ownership are released before the thread's cleanup
   * handlers run (leave.c). tx.c is built with -fexceptions for this. */
  __attribute__((cleanup(ame__unwind_guard))) struct __ame_tx *unwinding = tx;
  uintptr_t frame = (uintptr_t)__builtin_frame_address(0);
  /* The span is a function of the frame (the stack's bounds are fixed with
   * the thread's descriptor, which sets body_frame to 0), so a block run from
   * where the last one ran keeps it. An abort clears it; the retry's attempt
   * start (the general one) then clears body_frame, so it is computed again
   * here. */
  if (AME__UNLIKELY(frame != tx->body_frame)) {
    /* The thread's first block ran in a signal handler (ame__thread_tx). */
    if (AME__UNLIKELY(!tx->stack_end) && !ame__in_async_handler())
      ame__stack_bounds(tx);
    tx->body_frame = frame;
    uintptr_t top = frame & ~(uintptr_t)63;
    /* Only on the thread's own stack: a body running on another stack (a
     * coroutine's, an alternate signal stack) logs everything. stack_lo is
     * the stack's base, set with the thread's descriptor. */
    tx->stack_span = top - tx->stack_base - 1 < tx->stack_end - tx->stack_base
                         ? top - tx->stack_base
                         : 0;
  }
  tx->in_body = 1;
  uint32_t r = tx->body(tx, tx->ctx);
  unwinding = NULL;
  /* Clears in_body; commit.c, see tx_commit.c. Here rather than in the
   * caller, which holds the setjmp buffer and so keeps nothing in registers
   * across this call. Only the general commit can leave actions (they set
   * AME__X_LISTS). */
  if (AME__UNLIKELY(ame__commit_inline(tx)) && tx->defers.len)
    ame__defer_run(tx);
  else
    ame__outside(tx);
  return r;
}

/* noinline: owns the __builtin_setjmp buffer that aborts jump back to. The
 * descriptor last: __ame_run's own arguments stay in their registers. */
static AME__NOINLINE uint32_t ame__run_outermost(const struct __ame_site *site,
                                                 __ame_body_fn body, void *ctx,
                                                 struct __ame_tx *tx) {
  /* depth first: from here a signal's handler waits for the commit, so its
   * own blocks cannot overwrite these fields (a handler that ran before this
   * store has finished its blocks). */
  tx->depth = 1;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  tx->site = site;
  tx->body = body;
  tx->ctx = ctx;
  /* tx->attempts is 1: every commit after a retry sets it back (commit.c). */
  /* age: nonzero only if the last block met another (barrier_slow.c). An
   * ordered block's attempts start in ame__begin_mode. One test for both. */
  if (AME__UNLIKELY(__atomic_load_n(&tx->age, __ATOMIC_RELAXED) |
                    (uintptr_t)tx->order)) {
    /* Release: a transaction waiting for one of the last block's lines
     * that sees the new age also sees the line released (barrier_slow.c,
     * ame__wait_older). */
    __atomic_store_n(&tx->age, 0, __ATOMIC_RELEASE);
    if (tx->order)
      tx->extras |= AME__X_AGAIN;
  }
  if (__builtin_setjmp(tx->jb)) {
    /* Back from ame__abort: everything the attempt did is undone. The next
     * attempt looks at its mode (the retry limit, want_inevitable). */
    struct __ame_tx *again = ame__self;
    again->extras |= AME__X_AGAIN;
  }
  return ame__attempt(ame__self);
}

/* Flattened nesting, unless the enclosing block was left by a jump the
 * runtime did not see (a longjmp bound directly to the C library): then
 * joining it would keep the thread in that transaction forever. noinline:
 * its frame address costs __ame_run nothing. */
static AME__NOINLINE uint32_t ame__run_nested(struct __ame_tx *tx,
                                              const struct __ame_site *site,
                                              __ame_body_fn body, void *ctx) {
  if (AME__UNLIKELY(
          ame__block_was_left(tx, (uintptr_t)__builtin_frame_address(0)))) {
    ame__commit_abandoned(tx, "a non-local jump");
    return ame__run_outermost(site, body, ctx, tx);
  }
  return body(tx, ctx);
}

/* The thread's first block, or a nested one. */
static AME__NOINLINE uint32_t ame__run_other(void *site, void *body,
                                             void *ctx) {
  struct __ame_tx *tx = ame__self;
  if (!tx)
    tx = ame__thread_tx();
  if (tx->depth)
    return ame__run_nested(tx, site, (__ame_body_fn)body, ctx);
  return ame__run_outermost(site, (__ame_body_fn)body, ctx, tx);
}

/* Only tail calls, so the common case needs no frame of its own. */
AME__EXPORT uint32_t __ame_run(void *site, void *body, void *ctx) {
  struct __ame_tx *tx = ame__self;
  if (AME__LIKELY(tx && !tx->depth))
    return ame__run_outermost(site, (__ame_body_fn)body, ctx, tx);
  return ame__run_other(site, body, ctx);
}

AME__EXPORT int ame_in_transaction(void) {
  struct __ame_tx *tx = ame__self;
  return tx && tx->depth;
}
