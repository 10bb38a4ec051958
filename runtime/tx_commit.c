/*===- tx_commit.c - tx.c and commit.c as one translation unit -------------===
 *
 * A short transaction is attempt start, body and commit. Compiled together,
 * ame__attempt (tx.c) inlines the commit (commit.c): no call, no second
 * frame, no callee-saved registers pushed and popped a second time, and the
 * descriptor stays in the register attempt start loaded it into. Stores
 * count as much as instructions here: each holds a store-buffer slot until
 * the body's cache misses retire, which likely keeps the next block's
 * misses from starting (docs/design.md, "Stores, not only instructions").
 * tx.c is compiled only here.
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "commit.c"
#include "tx.c"
