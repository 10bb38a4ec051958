/* A loop body of another file: test/e2e/parallel_for_unordered_serializable.c
 * builds it with ame-cc (the loop finds its clone) and with plain clang (no
 * clone: each iteration runs in serial mode). */
#include <stddef.h>

extern long ticket;
extern long seen[];

void helper_take_ticket(size_t i, void *ctx) {
  (void)ctx;
  seen[i] = ticket++;
}
