/*===- sandbox.c - Doomed transactions that fault are aborted, not crashed ==
 *
 * A transaction that read stale data after another thread privatized and
 * freed (or changed) it outside transactions may compute a wild pointer or
 * divide by zero before any version check notices. On SIGSEGV, SIGBUS or
 * SIGFPE raised by an instruction of a transaction body we validate: an
 * invalid transaction is aborted (sandboxing, Dalessandro & Scott, PACT
 * 2012); a valid one has a real bug, and the signal goes to the program's
 * action for it: the one installed before the runtime started, or the one
 * the program installed since through sigaction() or signal(), which
 * signals.c records without replacing the sandbox's handler.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "internal.h"

#include <signal.h>

void ame__sandbox_fault(struct __ame_tx *tx) {
  if (tx && tx->in_body && !tx->inevitable && !ame__validate(tx))
    ame__abort(tx, AME_ABORT_FAULT);
}

void ame__sandbox_init(void) {
  ame__signals_sandbox(SIGSEGV);
  ame__signals_sandbox(SIGBUS);
  ame__signals_sandbox(SIGFPE);
}
