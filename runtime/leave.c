/*===- leave.c - Leaving a block other than through its end ----------------===
 *
 * A thread leaves a running block without reaching its end in three ways:
 * unwinding (pthread_exit, cancellation, a foreign exception), a longjmp to
 * a jmp_buf set before the block, or, worst, a jump the runtime never sees.
 * Each is treated like `goto` out of the block: the transaction commits, its
 * deferred actions run, the thread is outside any transaction, then the jump
 * (or the unwinding) goes on. Releasing the locks, the inevitability token
 * and serial ownership is what lets the other threads continue.
 *
 * Both ends of a setjmp/longjmp pair inside one transaction are plain
 * control flow: the redo log survives the jump, and C's rules for locals
 * apply. libame defines longjmp, _longjmp, siglongjmp and __longjmp_chk so
 * that the program's calls (and those of the shared libraries it links)
 * come here first; the jmp_buf's stack pointer says whether the target lies
 * inside the attempt's frames.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#undef _FORTIFY_SOURCE /* we define __longjmp_chk, not call it by macro */
#include "internal.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef AME__ASAN
#include <sanitizer/asan_interface.h>
#endif

/* After the commit (which may abort and re-run the attempt instead of
 * returning: the thread then reaches the exit or jump again). */
static void ame__leave(struct __ame_tx *tx) {
  ame__commit(tx);
  ame__defer_run(tx); /* leaves the transaction (depth 0) */
}

void ame__leave_unwound(struct __ame_tx *tx) { ame__leave(tx); }

/* The attempt's frames are gone, so an abort cannot re-run it: the commit's
 * abort jumps back here instead. Only a transaction that is not inevitable
 * can abort; code the pass instruments reaches thread exit and unseen jumps
 * through libc calls, which make it inevitable first. */
AME__NOINLINE void ame__commit_abandoned(struct __ame_tx *tx, const char *how) {
  if (__builtin_setjmp(tx->jb)) {
    fprintf(stderr,
            "ame: %s left an atomic block whose transaction conflicted and "
            "cannot run again; stopping\n",
            how);
    abort();
  }
  ame__leave(tx);
}

/* A block entered while the thread seems to be inside another one, from a
 * frame above that block's body: the other block was left by a jump the
 * runtime did not see. Only judged on the thread's own stack, where frames
 * are ordered by address. */
int ame__block_was_left(const struct __ame_tx *tx, uintptr_t frame) {
  return tx->in_body && tx->body_frame > tx->stack_base &&
         tx->body_frame < tx->stack_end && frame > tx->body_frame &&
         frame < tx->stack_end;
}

/*--- longjmp and friends --------------------------------------------------*/

typedef void (*ame__jump_fn)(struct __jmp_buf_tag *, int);

enum {
  AME__LONGJMP,
  AME__UNDERSCORE_LONGJMP,
  AME__SIGLONGJMP,
  AME__LONGJMP_CHK,
  AME__JUMPS
};
static const char *const ame__jump_names[AME__JUMPS] = {
    "longjmp", "_longjmp", "siglongjmp", "__longjmp_chk"};
static ame__jump_fn ame__real_jump[AME__JUMPS];
/* What glibc's four names stand for, in a static program (without
 * __longjmp_chk's stack check): libc.a defines it, libc.so does not export
 * it. */
extern void __libc_siglongjmp(struct __jmp_buf_tag *, int)
    __attribute__((weak, noreturn));

/* Looked up before main, since dlsym is not async-signal-safe and siglongjmp
 * is often called from a signal handler; the lookup at first use covers
 * jumps from constructors that run before this one. */
__attribute__((constructor)) static void ame__jump_init(void) {
  for (int i = 0; i < AME__JUMPS; i++)
    __atomic_store_n(&ame__real_jump[i],
                     (ame__jump_fn)ame__next_definition(
                         ame__jump_names[i], (void *)__libc_siglongjmp),
                     __ATOMIC_RELEASE);
}

static ame__jump_fn ame__real(int which) {
  ame__jump_fn f = __atomic_load_n(&ame__real_jump[which], __ATOMIC_ACQUIRE);
  if (!f) {
    ame__jump_init();
    f = ame__real_jump[which];
  }
  if (!f) {
    static const char msg[] = "ame: the C library's longjmp was not found\n";
    fputs(msg, stderr);
    abort();
  }
  return f;
}

/* glibc x86-64 keeps the saved stack pointer (JB_RSP, index 6) mangled:
 * xor with the pointer guard in the TCB (%fs:0x30), then rotated left by
 * 17 bits. */
static uintptr_t ame__jmpbuf_sp(const struct __jmp_buf_tag *env) {
  uintptr_t v = (uintptr_t)env->__jmpbuf[6], guard;
  __asm__("mov %%fs:0x30, %0" : "=r"(guard));
  return ((v >> 17) | (v << 47)) ^ guard;
}

/* The attempt's frames: below the body's bound on the stack the body runs
 * on (the thread's own, else from the current frame up, since the bounds of
 * another stack are unknown). */
static int ame__in_attempt(const struct __ame_tx *tx, uintptr_t sp) {
  uintptr_t lo =
      tx->body_frame > tx->stack_base && tx->body_frame <= tx->stack_end
          ? tx->stack_base
          : (uintptr_t)__builtin_frame_address(0);
  return sp >= lo && sp < tx->body_frame;
}

/* Before the jump: a target outside the running attempt's frames leaves the
 * block. The jump itself comes from inside the body (instrumented code, or
 * uninstrumented code it called, which made it inevitable), or from the
 * handler of a synchronous signal that interrupted it (handlers of
 * asynchronous signals wait for the end of the block, signals.c). */
static void ame__before_jump(struct __jmp_buf_tag *env) {
  struct __ame_tx *tx = ame__self;
  if (!tx || !tx->depth)
    return;
  if (tx->in_body && ame__in_attempt(tx, ame__jmpbuf_sp(env)))
    return;
  if (!tx->in_body) {
    /* The runtime itself was interrupted (mid-commit, mid-begin): its state
     * is half-updated, so neither commit nor rollback is safe. */
    static const char msg[] =
        "ame: longjmp out of an atomic block from a signal handler that "
        "interrupted the AME runtime; stopping\n";
    fputs(msg, stderr);
    abort();
  }
  ame__leave(tx);
#ifdef AME__ASAN
  __asan_handle_no_return();
#endif
}

#define AME__DEFINE_JUMP(name, which)                                          \
  AME__EXPORT AME__NORETURN void name(struct __jmp_buf_tag env[1], int val) {  \
    ame__before_jump(env);                                                     \
    ame__real(which)(env, val);                                                \
    __builtin_unreachable();                                                   \
  }

AME__DEFINE_JUMP(longjmp, AME__LONGJMP)
AME__DEFINE_JUMP(_longjmp, AME__UNDERSCORE_LONGJMP)
AME__DEFINE_JUMP(siglongjmp, AME__SIGLONGJMP)
AME__EXPORT AME__NORETURN void __longjmp_chk(struct __jmp_buf_tag env[1],
                                             int val);
AME__DEFINE_JUMP(__longjmp_chk, AME__LONGJMP_CHK)
#undef AME__DEFINE_JUMP
