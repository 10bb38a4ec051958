/*===- immutable_check.c - Debug mode for AME_IMMUTABLE data ----------------===
 *
 * Code built with -mllvm -ame-check-immutable calls these around accesses to
 * AME_IMMUTABLE data (include/ame.h). A read is not instrumented in either
 * mode; here it is also remembered (address, size, value) and checked again
 * when the transaction commits: different bytes mean that someone changed
 * published immutable data while the transaction ran (outside a transaction,
 * or inside one that wrote it), unless the transaction's other reads are
 * stale too (privatized data may be rewritten). A write from a transaction
 * must go to an object that transaction allocated (or to its own stack
 * frames). Either violation prints the address and the source site and
 * aborts the process, like a sanitizer report. Not on any fast path: only
 * checked builds call it.
 *
 *   ame-cc -O2 -mllvm -ame-check-immutable prog.c && ./prog
 *===----------------------------------------------------------------------===*/
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bytes a read saw: themselves up to 8, else their FNV-1a hash. */
static uint64_t ame__imm_digest(const void *p, size_t n) {
  uint64_t v = 0;
  if (n <= sizeof v) {
    memcpy(&v, p, n);
    return v;
  }
  v = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++)
    v = (v ^ ((const unsigned char *)p)[i]) * 0x100000001b3ull;
  return v;
}

static void ame__imm_site(const struct __ame_site *s) {
  struct ame__site_names names = ame__site_names(s);
  fprintf(stderr, "  at %s:%u:%u in %s (%s)\n", *names.file ? names.file : "??",
          s->line, s->column, names.function, names.detail ? names.detail : "");
}

/* [p, p + n) lies in a block this attempt allocated or in its own frames:
 * written in place, so its plain reads see the write. */
static int ame__imm_owned(const struct __ame_tx *tx, uintptr_t p, size_t n) {
  if (p >= tx->stack_lo && p + n <= tx->stack_lo + tx->stack_span)
    return 1;
  const struct ame__pair *l = AME__PAIRS(&tx->allocs);
  for (size_t i = 0; i < tx->allocs.len; i++)
    if (p >= l[i].a && p + n <= l[i].a + l[i].b)
      return 1;
  return 0;
}

AME__EXPORT void __ame_check_immutable(void *txp, void *p, size_t n,
                                       void *site) {
  struct __ame_tx *tx = txp;
  /* Its own fresh object: nobody else can change it. */
  if (ame__imm_owned(tx, (uintptr_t)p, n))
    return;
  ame__buf_push(&tx->imm_reads, (uintptr_t)p, n);
  ame__buf_push(&tx->imm_reads, ame__imm_digest(p, n), (uintptr_t)site);
  tx->extras |= AME__X_LISTS;
}

AME__EXPORT void __ame_check_immutable_store(void *txp, void *p, size_t n,
                                             void *site) {
  struct __ame_tx *tx = txp;
  if (ame__imm_owned(tx, (uintptr_t)p, n))
    return;
  fprintf(stderr,
          "ame: AME_CHECK_IMMUTABLE: a transaction wrote %zu bytes of "
          "AME_IMMUTABLE data at %p, in an object it did not allocate\n",
          n, p);
  ame__imm_site(site);
  abort();
}

void ame__immutable_verify(struct __ame_tx *tx) {
  const struct ame__pair *l = AME__PAIRS(&tx->imm_reads);
  for (size_t i = 0; i + 1 < tx->imm_reads.len; i += 2) {
    const void *p = (const void *)l[i].a;
    size_t n = l[i].b;
    uint64_t now = ame__imm_digest(p, n);
    if (now == l[i + 1].a)
      continue;
    /* Something else it read changed too: the object may have been
     * privatized (unlinked by a commit) and then rewritten by plain code,
     * which is allowed. An inevitable attempt holds what it read, so for it
     * nothing was privatized. */
    if (!tx->inevitable && !ame__validate(tx))
      break;
    fprintf(stderr,
            "ame: AME_CHECK_IMMUTABLE: AME_IMMUTABLE data at %p (%zu bytes) "
            "changed while a transaction that read it ran: read 0x%llx, "
            "now 0x%llx%s\n",
            p, n, (unsigned long long)l[i + 1].a, (unsigned long long)now,
            n > 8 ? " (hashes)" : "");
    ame__imm_site((const struct __ame_site *)l[i + 1].b);
    abort();
  }
  tx->imm_reads.len = 0;
}
