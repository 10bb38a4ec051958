/*===- ame.h - AME: Automatic Mutual Exclusion for C ------------------------===
 *
 * The whole user-facing API of AME. Build with the plugin to get
 * transactions; without it (gcc, plain clang, C++), atomic blocks are plain
 * blocks and the annotations are no-ops, so the same source still compiles.
 *
 *   #include <ame.h>
 *   ame_atomic { from->balance -= n; to->balance += n; }
 *
 *   ame-cc -O2 bank.c -o bank -lpthread
 *===----------------------------------------------------------------------===*/
#ifndef AME_H
#define AME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*--- Atomic regions -------------------------------------------------------*/

#if defined(__clang__)
/* The pass finds regions through these annotations; without the plugin the
 * backend drops them, so the markers cost nothing. */
#define AME__ANNOTATE(tag) __attribute__((annotate(tag)))
#define AME__REGION_MARKER                                                     \
  __attribute__((annotate("ame.atomic"), cleanup(__ame_atomic_end), unused))
#else
#define AME__ANNOTATE(tag)
#define AME__REGION_MARKER
#endif

/* Runs at every exit of an atomic block (fallthrough, return, goto, break);
 * the pass treats each call as the end of the region. Empty on purpose.
 * __inline__, which GNU compilers take in C89 mode too. */
#if defined(__GNUC__)
__attribute__((unused)) static __inline__ void
__ame_atomic_end(int *region_token) {
  (void)region_token;
}
#else
static void __ame_atomic_end(int *region_token) { (void)region_token; }
#endif

#define AME__CAT_(a, b) a##b
#define AME__CAT(a, b) AME__CAT_(a, b)
/* The body runs once: the loop has no condition and its increment jumps
 * past the construct, so compilers see that a block ending in `return`
 * returns (a `for` with a condition made clang warn -Wreturn-type). */
/* The macros below are laid out by hand: clang-format takes the pragma
 * macros for statements. */
/* clang-format off */
#if defined(__clang__)
/* C89 has no declaration in a `for`, which clang takes anyway and gcc does
 * not: the warning saying so is silenced for the macro's own. */
#if !defined(__cplusplus) &&                                                   \
    (!defined(__STDC_VERSION__) || __STDC_VERSION__ < 199901L)
#define AME__C89_FOR_BEGIN                                                     \
  _Pragma("clang diagnostic push")                                             \
      _Pragma("clang diagnostic ignored \"-Wgcc-compat\"")                     \
          _Pragma("clang diagnostic ignored \"-Wc99-extensions\"")
#define AME__C89_FOR_END _Pragma("clang diagnostic pop")
#else
#define AME__C89_FOR_BEGIN
#define AME__C89_FOR_END
#endif
#define AME__ATOMIC_WITH(token)                                                \
  if (0) {                                                                     \
    AME__CAT(token, _done):;                                                   \
  } else                                                                       \
    AME__C89_FOR_BEGIN                                                         \
    for (int token AME__REGION_MARKER = 1;;                                    \
         __extension__({                                                       \
           (void)token;                                                        \
           goto AME__CAT(token, _done);                                        \
         }))                                                                   \
    AME__C89_FOR_END
#else
/* Without the plugin the block needs no marker, and without a declaration
 * in the `for` it compiles in C89 mode too (gcc -std=c89). */
#define AME__ATOMIC_WITH(token)                                                \
  if (0) {                                                                     \
    AME__CAT(token, _done):;                                                   \
  } else                                                                       \
    for (;; __extension__({ goto AME__CAT(token, _done); }))
#endif
/* clang-format on */

/* `ame_atomic { ... }` runs the block as one transaction. Nested blocks join
 * the outermost. `return` and `goto` out of the block commit first and then
 * behave as in plain C. `break` and `continue` written directly inside the
 * block (not inside a loop within it) leave the block, like a `do {} while
 * (0)`; they cannot reach a loop around the block. */
#define ame_atomic AME__ATOMIC_WITH(AME__CAT(__ame_region_, __COUNTER__))

/* Function attribute: every call of the function runs as an atomic block, or
 * joins the enclosing one. */
#define AME_ATOMIC AME__ANNOTATE("ame.atomic_fn")

/* Struct-field annotation: the field never changes once the object is
 * published, so transactional reads of it need no barrier. Write it only
 * before publishing the object, or in the atomic block that allocated it;
 * changing it otherwise is undefined, and a build with -mllvm
 * -ame-check-immutable reports it (docs/user-guide.md, "Immutable data"). */
#define AME_IMMUTABLE AME__ANNOTATE("ame.immutable")

/* At file scope after a struct's definition, `AME_IMMUTABLE_TYPE(struct
 * point);` (or a typedef name) makes every field of that struct immutable,
 * as if each had AME_IMMUTABLE, for member accesses in this translation
 * unit: put it in the header that defines the struct. Copies of the whole
 * struct stay instrumented. Expands to an empty marker array the pass
 * deletes. */
#if defined(__clang__)
#define AME_IMMUTABLE_TYPE(type)                                               \
  __extension__ static type AME__CAT(__ame_immutable_type_, __COUNTER__)[0]   \
      __attribute__((annotate("ame.immutable_type"), used))
#else
#define AME_IMMUTABLE_TYPE(type)                                               \
  extern int AME__CAT(__ame_immutable_type_, __COUNTER__)
#endif

/* Declaration attributes for functions of code built without AME (another
 * library), which blocks otherwise call in serial mode. They are promises:
 * AME_SAFE alone, that the function reads and writes no memory of the
 * program (only its arguments' values and data no block touches), so blocks
 * call it as it is, like GCC's transaction_pure. With AME_SAFE_READS(p, n)
 * (argument p points to argument n bytes it reads), AME_SAFE_WRITES(p, n)
 * and AME_SAFE_STRING(p) (a NUL-terminated string it reads), that it
 * touches only those: a block that calls it becomes inevitable (others keep
 * running) and those bytes are locked first. Arguments count from 0.
 *   AME_SAFE AME_SAFE_READS(0, 1) uint32_t crc32(const void *p, size_t n); */
#define AME_SAFE AME__ANNOTATE("ame.safe")
#define AME_SAFE_READS(p, n) AME__ANNOTATE("ame.safe.reads:" #p ":" #n)
#define AME_SAFE_WRITES(p, n) AME__ANNOTATE("ame.safe.writes:" #p ":" #n)
#define AME_SAFE_STRING(p) AME__ANNOTATE("ame.safe.string:" #p)

/* Struct-field annotation: the field is a reference count whose increments
 * and decrements commute, so they do not make transactions conflict. */
#define AME_REFCOUNT AME__ANNOTATE("ame.refcount")

/*--- Runtime services (link with -lame) -----------------------------------*/

/* Inside an atomic block: declares the n bytes at p private to the calling
 * thread for the rest of the block, and returns p. Reads and writes through
 * the returned pointer (and pointers computed from it, in the same
 * function) then need no barrier, like those of a local variable: a scratch
 * buffer the block fills and works on. The program promises that no other
 * thread reads or writes those bytes until the block ends; like a local's,
 * what the block writes there is not undone if it runs again. With
 * AME_CHECK_PRIVATE=1 the runtime checks the promise against other atomic
 * blocks: if one commits a write to those bytes before this block ends, the
 * program stops with a message. Outside a block it only returns p. */
void *ame_private(void *p, size_t n);

/* Nonzero while the calling thread runs inside an atomic block. */
int ame_in_transaction(void);

/* Runs fn(arg) once, after the enclosing atomic block commits, and never if
 * it aborts. Outside a block, runs fn(arg) at once. Actions run in the order
 * they were registered. */
void ame_on_commit(void (*fn)(void *arg), void *arg);

/*--- Parallel loops and task queues ----------------------------------------*/

/* Flag: blocks commit in iteration (or insertion) order, so the effects,
 * ame_on_commit output included, are those of the sequential loop. */
#define AME_ORDERED 1u

/* Runs body(i, ctx) for every i in [begin, end) on the worker pool, each call
 * as its own atomic block, and returns when all have committed. Without
 * AME_ORDERED they commit in some serial order. begin >= end runs nothing.
 * Inside an atomic block the iterations run in order, joining it. */
void ame_parallel_for(size_t begin, size_t end,
                      void (*body)(size_t i, void *ctx), void *ctx,
                      unsigned flags);

/* Threads the loops and queues use, the caller included: n, or (n = 0) the
 * AME_WORKERS environment variable, else the online cores. */
void ame_set_workers(unsigned n);
unsigned ame_workers(void);

/* A queue of tasks, each run as an atomic block by ame_queue_run. flags:
 * AME_ORDERED commits tasks in the order they were added. */
struct ame_queue;
struct ame_queue *ame_queue_new(unsigned flags);
/* The queue must not be running; tasks still in it are dropped. */
void ame_queue_free(struct ame_queue *q);
/* Adds fn(arg) at the end of q. Inside an atomic block, the task is added
 * when the block commits (and not at all if it aborts). */
void ame_queue_add(struct ame_queue *q, void (*fn)(void *arg), void *arg);
/* Runs tasks of q on the worker pool until it is empty, tasks added by
 * tasks included. Inside an atomic block, runs them in order, joining it. */
void ame_queue_run(struct ame_queue *q);

/* Why an attempt of an atomic block was rolled back. */
enum ame_abort_cause {
  AME_ABORT_READ_CONFLICT,  /* read a line another transaction is writing   */
  AME_ABORT_WRITE_CONFLICT, /* wrote a line another transaction is writing  */
  AME_ABORT_VALIDATION,     /* something it read was changed by a commit    */
  AME_ABORT_INEVITABLE,     /* restarted to run inevitably (I/O, escalation) */
  AME_ABORT_FAULT,          /* a doomed attempt faulted (sandboxed)         */
  AME_ABORT_CAUSE_COUNT
};

/* Counters of the calling thread (ame_stats_thread) or of the whole process
 * (ame_stats_total, including threads that have exited). */
struct ame_stats {
  uint64_t commits;            /* atomic blocks committed                  */
  uint64_t read_only_commits;  /* of which wrote nothing                   */
  uint64_t inevitable_commits; /* of which ran inevitably                  */
  uint64_t serial_commits;     /* of those, ran serially: all others waited */
  uint64_t aborts[AME_ABORT_CAUSE_COUNT];
  uint64_t max_attempts;       /* most attempts one block needed           */
  uint64_t max_read_log;       /* largest read log, in entries             */
  uint64_t max_write_log;      /* largest write log, in cache lines        */
  uint64_t max_alloc_bytes;    /* most bytes one transaction allocated     */
  uint64_t read_barriers;      /* barriers run, aborted attempts included: */
  uint64_t write_barriers;     /* only code built -mllvm -ame-count-barriers */
};
void ame_stats_thread(struct ame_stats *out);
void ame_stats_total(struct ame_stats *out);

/* Writes the process-wide statistics (exited threads included), how many
 * threads used AME and how many of them exited, then the counters of the 8
 * busiest threads, live or exited (most commits + aborts first; threads are
 * numbered in the order they first used AME), to file descriptor fd: as
 * text, or (if json is nonzero) as one JSON object with "threads_used",
 * "threads_exited" and a "threads" array of per-thread objects. Other
 * threads count only in the totals, so the report and the memory behind it
 * stay small however many threads come and go. AME_STATS=1 or AME_STATS=json
 * in the environment does the same to stderr at exit. Returns 0, or -1 on
 * error. */
int ame_stats_print(int fd, int json);

/* The conflict profiler (docs/profile.md): from ame_profile_start on, every
 * abort, every switch to inevitable or serial mode and every wait for one is
 * recorded with its source sites; ame_profile_stop writes the file at path
 * (created or truncated), which `ame-report path` reads. AME_PROFILE=path in
 * the environment starts it before main and stops it at exit. Return 0, or
 * -1 with errno set (EBUSY: a profile is running; EINVAL: none is; or what
 * open or write failed with). Inside an atomic block they act at once, as
 * ame_stats_print does, whether or not the block then commits. */
int ame_profile_start(const char *path);
int ame_profile_stop(void);

#ifdef __cplusplus
}
#endif
#endif /* AME_H */
