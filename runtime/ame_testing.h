/*===- ame_testing.h - Hooks for the runtime's own tests (not installed) --===
 *
 * Lets a test replay a history: writers in timestamp order; a read-only
 * transaction with snapshot s after every writer with ts <= s and before
 * every writer with ts > s.
 *===----------------------------------------------------------------------===*/
#ifndef AME_TESTING_H
#define AME_TESTING_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Serialization timestamp of the calling thread's last committed transaction:
 * its commit time if it wrote, its final snapshot time if it was read-only. */
uint64_t ame_testing_last_serial_ts(void);

/* Nonzero if the calling thread's last committed transaction wrote nothing. */
int ame_testing_last_was_read_only(void);

#ifdef __cplusplus
}
#endif
#endif /* AME_TESTING_H */
