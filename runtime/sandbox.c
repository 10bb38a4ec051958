/*===- sandbox.c - Doomed transactions that fault are aborted, not crashed ==
 *
 * A transaction that read stale data after another thread privatized and
 * freed (or changed) it outside transactions may compute a wild pointer or
 * divide by zero before any version check notices. On SIGSEGV, SIGBUS or
 * SIGFPE inside a transaction body we validate: an invalid transaction is
 * aborted (sandboxing, Dalessandro & Scott, PACT 2012); a valid one has a
 * real bug, and the signal goes to the handler installed before ours, or the
 * default action. SA_NODEFER so the jump out of the handler leaves the
 * signal unblocked for the next attempt.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "internal.h"

#include <signal.h>
#include <string.h>

static const int ame__fault_signals[] = {SIGSEGV, SIGBUS, SIGFPE};
static struct sigaction ame__previous[3];

static int ame__signal_index(int sig) {
  for (int i = 0; i < 3; i++)
    if (ame__fault_signals[i] == sig)
      return i;
  return 0;
}

static void ame__on_fault(int sig, siginfo_t *info, void *uctx) {
  struct __ame_tx *tx = ame__self;
  if (tx && tx->in_body && !tx->inevitable && !ame__validate(tx))
    ame__abort(tx, AME_ABORT_FAULT);
  struct sigaction *prev = &ame__previous[ame__signal_index(sig)];
  if ((prev->sa_flags & SA_SIGINFO) && prev->sa_sigaction) {
    prev->sa_sigaction(sig, info, uctx);
    return;
  }
  if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN &&
      prev->sa_handler) {
    prev->sa_handler(sig);
    return;
  }
  /* Default action: reinstall it and return; the faulting instruction runs
   * again and the kernel delivers the signal with the default action. */
  sigaction(sig, prev, NULL);
}

void ame__sandbox_init(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = ame__on_fault;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < 3; i++)
    sigaction(ame__fault_signals[i], &sa, &ame__previous[i]);
}
