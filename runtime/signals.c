/*===- signals.c - The program's signal handlers run outside transactions -===
 *
 * libame defines sigaction() and signal(), so the program's calls come here
 * (libame.a is linked into the program; libame.so is loaded before libc). The
 * program's action for each signal is recorded, and for a handler the kernel
 * runs ame__on_signal instead. An asynchronous signal that arrives while the
 * thread is inside a transaction (depth != 0, which covers the runtime's
 * work around the body too: begin, commit, abort) is recorded as pending,
 * with its siginfo and context, and its handler runs right after the
 * outermost transaction commits, outside it: a block in the handler is a
 * transaction of its own, serialized after the interrupted one. (Running the
 * handler at once would join the interrupted transaction: its updates would
 * be lost when that aborts, and locks it takes would be orphaned.)
 * ThreadSanitizer defers signals the same way. Synchronous signals (a fault
 * of the thread's own instruction, or raised by the process itself) cannot
 * wait: they run at once, after the sandbox has decided whether the fault
 * belongs to a doomed transaction (sandbox.c). The sandbox's signals keep
 * ame__on_signal installed whatever the program asks, and chain to the
 * program's action. docs/design.md, "Signals", has the rules and costs.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#define AME__NSIG 65 /* signals 1 to 64 */

/* The program's action for one signal. Written under ame__actions_lock with
 * every signal blocked; read by handlers without the lock, as a seqlock
 * (version odd while a write is in progress). */
struct ame__action {
  unsigned version;
  int sandbox; /* the kernel runs ame__on_signal whatever the program says */
  struct sigaction sa;
};
static struct ame__action ame__actions[AME__NSIG];
static int ame__actions_lock;

/* A signal that arrived inside a transaction: what to run after it. */
struct ame__pending {
  struct sigaction sa; /* the program's action when it arrived */
  siginfo_t info;
  ucontext_t uc; /* the interrupted context, floating-point state included */
};
struct ame__sigpending {
  struct ame__pending p[AME__NSIG - 1];
};

typedef int (*ame__sigaction_fn)(int, const struct sigaction *,
                                 struct sigaction *);
static ame__sigaction_fn ame__real_sigaction;
/* glibc's own name for sigaction, for a static program. */
extern int __sigaction(int, const struct sigaction *, struct sigaction *);

/* Looked up before main, since dlsym is not async-signal-safe; the lookup at
 * first use covers constructors that run before this one. */
__attribute__((constructor)) static void ame__signals_ctor(void) {
  __atomic_store_n(
      &ame__real_sigaction,
      (ame__sigaction_fn)ame__next_definition("sigaction", (void *)__sigaction),
      __ATOMIC_RELEASE);
}

static int ame__real(int sig, const struct sigaction *act,
                     struct sigaction *old) {
  ame__sigaction_fn f = __atomic_load_n(&ame__real_sigaction, __ATOMIC_ACQUIRE);
  if (!f) {
    ame__signals_ctor();
    f = ame__real_sigaction;
  }
  if (!f) {
    fputs("ame: the C library's sigaction was not found\n", stderr);
    abort();
  }
  return f(sig, act, old);
}

static void ame__on_signal(int sig, siginfo_t *info, void *uc);

/* Writers block every signal, so a handler on their own thread never waits
 * for them. */
void ame__signals_lock(void) {
  for (unsigned spins = 0;
       __atomic_exchange_n(&ame__actions_lock, 1, __ATOMIC_ACQUIRE); spins++)
    ame__spin_wait(spins);
}

void ame__signals_unlock(void) {
  __atomic_store_n(&ame__actions_lock, 0, __ATOMIC_RELEASE);
}

void ame__signals_block_all(sigset_t *saved) {
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, saved);
}

static void ame__actions_enter(sigset_t *saved) {
  ame__signals_block_all(saved);
  ame__signals_lock();
}

static void ame__actions_leave(const sigset_t *saved) {
  ame__signals_unlock();
  pthread_sigmask(SIG_SETMASK, saved, NULL);
}

static void ame__action_write(struct ame__action *a,
                              const struct sigaction *sa) {
  __atomic_store_n(&a->version, a->version + 1, __ATOMIC_RELAXED);
  __atomic_thread_fence(__ATOMIC_RELEASE);
  memcpy(&a->sa, sa, sizeof *sa);
  __atomic_store_n(&a->version, a->version + 1, __ATOMIC_RELEASE);
}

static void ame__action_read(const struct ame__action *a,
                             struct sigaction *out) {
  for (unsigned spins = 0;; spins++) {
    unsigned v = __atomic_load_n(&a->version, __ATOMIC_ACQUIRE);
    if (!(v & 1)) {
      memcpy(out, &a->sa, sizeof *out);
      __atomic_thread_fence(__ATOMIC_ACQUIRE);
      if (__atomic_load_n(&a->version, __ATOMIC_RELAXED) == v)
        return;
    }
    ame__spin_wait(spins);
  }
}

static int ame__is_function(const struct sigaction *sa) {
  return sa->sa_handler != SIG_DFL && sa->sa_handler != SIG_IGN;
}

static int ame__is_ours(const struct sigaction *sa) {
  return (sa->sa_flags & SA_SIGINFO) && sa->sa_sigaction == ame__on_signal;
}

/* The thread's own fault, or a signal the process sent itself that the
 * caller expects at once (raise(SIGABRT) in abort(), SIGPIPE from write). */
static int ame__is_synchronous(int sig, const siginfo_t *info) {
  switch (sig) {
  case SIGSEGV:
  case SIGBUS:
  case SIGFPE:
  case SIGILL:
  case SIGTRAP:
  case SIGSYS:
    if (info->si_code > 0)
      return 1;
    /* fallthrough */
  case SIGABRT:
  case SIGPIPE:
    return (info->si_code == SI_TKILL || info->si_code == SI_USER) &&
           info->si_pid == getpid();
  default:
    return 0;
  }
}

/* The kernel's default action, where the program asked for it. A fault of
 * the thread's own instruction happens again on return, now with the
 * default action (the kernel does the same for an ignored fault); any other
 * signal is sent again. */
static void ame__default_action(int sig, const siginfo_t *info) {
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  ame__real(sig, &dfl, NULL);
  if (info->si_code <= 0)
    raise(sig);
}

/* Runs the program's action sa for sig, with its mask, as the kernel would
 * have. */
static void ame__deliver(int sig, const struct sigaction *sa, siginfo_t *info,
                         void *uc) {
  if (sa->sa_handler == SIG_IGN) {
    if (info->si_code > 0 && ame__is_synchronous(sig, info))
      ame__default_action(sig, info);
    return;
  }
  if (sa->sa_handler == SIG_DFL) {
    ame__default_action(sig, info);
    return;
  }
  struct ame__action *a = &ame__actions[sig];
  if ((sa->sa_flags & SA_RESETHAND) && a->sandbox) {
    /* The kernel resets its own action; the sandbox's stays, so reset the
     * program's here (a crash handler that returns then meets the fault
     * again with the default action, as it expects). */
    sigset_t saved;
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    ame__actions_enter(&saved);
    ame__action_write(a, &dfl);
    ame__actions_leave(&saved);
  }
  sigset_t mask = sa->sa_mask, saved;
  if (!(sa->sa_flags & SA_NODEFER))
    sigaddset(&mask, sig);
  pthread_sigmask(SIG_BLOCK, &mask, &saved);
  if (sa->sa_flags & SA_SIGINFO)
    sa->sa_sigaction(sig, info, uc);
  else
    sa->sa_handler(sig);
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
}

static void ame__record(struct __ame_tx *tx, int sig,
                        const struct sigaction *sa, const siginfo_t *info,
                        const void *uc) {
  uint64_t bit = 1ull << (sig - 1);
  /* Like the kernel's standard signals, a second arrival before the handler
   * ran is merged with the first (real-time signals included). */
  if (!(__atomic_load_n(&tx->sig_pending, __ATOMIC_RELAXED) & bit)) {
    struct ame__pending *p = &tx->sigs->p[sig - 1];
    p->sa = *sa;
    p->info = *info;
    const ucontext_t *u = uc; /* the kernel's, never null */
    p->uc = *u;
    if (u->uc_mcontext.fpregs)
      p->uc.__fpregs_mem = *u->uc_mcontext.fpregs;
  }
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  __atomic_fetch_or(&tx->sig_pending, bit, __ATOMIC_RELAXED);
}

__thread uintptr_t ame__handler_frame
    __attribute__((tls_model("initial-exec")));

static void ame__on_signal(int sig, siginfo_t *info, void *uc) {
  int saved_errno = errno;
  struct __ame_tx *tx = ame__self;
  struct ame__action *a = &ame__actions[sig];
  int sync = ame__is_synchronous(sig, info);
  if (a->sandbox && sync)
    ame__sandbox_fault(tx); /* does not return if the transaction is doomed */
  struct sigaction sa;
  ame__action_read(a, &sa);
  if (tx && tx->depth && !sync) {
    ame__record(tx, sig, &sa, info, uc);
  } else {
    uintptr_t outer = ame__handler_frame;
    ame__handler_frame = (uintptr_t)__builtin_frame_address(0);
    ame__deliver(sig, &sa, info, uc);
    ame__handler_frame = outer;
  }
  errno = saved_errno;
}

struct ame__sigpending *ame__sigpending_new(void) {
  return ame__map(sizeof(struct ame__sigpending));
}

/* At depth 0: new arrivals run at once and nothing is recorded meanwhile, so
 * a slot is read only after its bit is cleared. A handler's block that
 * defers signals of its own runs them at its end, from a nested call. */
void ame__signals_run(struct __ame_tx *tx) {
  uint64_t bits;
  while ((bits = __atomic_load_n(&tx->sig_pending, __ATOMIC_RELAXED))) {
    int i = __builtin_ctzll(bits);
    __atomic_fetch_and(&tx->sig_pending, ~(1ull << i), __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    struct ame__pending p = tx->sigs->p[i];
    if (p.uc.uc_mcontext.fpregs)
      p.uc.uc_mcontext.fpregs = &p.uc.__fpregs_mem;
    int saved_errno = errno;
    ame__deliver(i + 1, &p.sa, &p.info, &p.uc);
    errno = saved_errno;
  }
}

/* The sandbox's signals: ame__on_signal stays installed, whatever the
 * program installs later, and what was installed before becomes the
 * program's action it chains to. */
void ame__signals_sandbox(int sig) {
  struct ame__action *a = &ame__actions[sig];
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = ame__on_signal;
  /* SA_NODEFER: the jump out of the handler that aborts a doomed
   * transaction leaves the signal unblocked for the next attempt. */
  sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigset_t saved;
  ame__actions_enter(&saved);
  if (ame__real(sig, &sa, &old) == 0) {
    if (!ame__is_ours(&old))
      ame__action_write(a, &old);
    a->sandbox = 1;
  }
  ame__actions_leave(&saved);
}

AME__EXPORT int sigaction(int sig, const struct sigaction *act,
                          struct sigaction *old) {
  if (sig < 1 || sig >= AME__NSIG || sig == SIGKILL || sig == SIGSTOP)
    return ame__real(sig, act, old);
  struct ame__action *a = &ame__actions[sig];
  struct sigaction prev;
  int r = 0;
  sigset_t saved;
  ame__actions_enter(&saved);
  if (a->sandbox) {
    prev = a->sa;
    if (act)
      ame__action_write(a, act);
  } else {
    struct sigaction before = a->sa, wrapped;
    const struct sigaction *k = act;
    if (act && ame__is_function(act)) {
      wrapped = *act;
      wrapped.sa_sigaction = ame__on_signal;
      wrapped.sa_flags |= SA_SIGINFO;
      k = &wrapped;
    }
    /* Recorded first: a signal that arrives before the kernel has the new
     * action runs the new handler, as it would a moment later. */
    if (act)
      ame__action_write(a, act);
    r = ame__real(sig, k, &prev);
    if (r != 0 && act)
      ame__action_write(a, &before);
    /* The kernel's own action unless it is ours (it differs after
     * SA_RESETHAND, or for a handler installed without this function). */
    if (r == 0 && ame__is_ours(&prev))
      prev = before;
  }
  ame__actions_leave(&saved);
  if (r == 0 && old)
    *old = prev;
  return r;
}

/* glibc's signal(): BSD semantics, the call is restarted after the handler. */
AME__EXPORT sighandler_t signal(int sig, sighandler_t handler) {
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  if (sigaction(sig, &sa, &old) != 0)
    return SIG_ERR;
  return old.sa_handler;
}
