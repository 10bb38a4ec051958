/*===- ame_testing.h - Hooks for the runtime's own tests (not installed) --===
 *
 * Lets a test replay a history: every committed transaction in the order of
 * its serialization time; run the write-back without masked stores; and
 * stop a profiled transaction while it names itself as a line's owner.
 *===----------------------------------------------------------------------===*/
#ifndef AME_TESTING_H
#define AME_TESTING_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* From now on, every commit records when it was serialized (costs two
 * fences and a time-stamp counter read per attempt and extension). */
void ame_testing_serial_stamps(void);

/* Serialization time of the calling thread's last committed transaction
 * (needs ame_testing_serial_stamps()): when its writes were all locked and
 * its reads still valid if it wrote, when it read its final snapshot if it
 * was read-only. Distinct for distinct threads' transactions. */
uint64_t ame_testing_last_serial_ts(void);

/* Nonzero if the calling thread's last committed transaction wrote nothing. */
int ame_testing_last_was_read_only(void);

/* Whether commits write partly written lines back with masked stores
 * (AVX-512BW and AVX-512VL): on = 0 turns them off, on = 1 back on if the
 * processor has them. Returns the setting now. Call it with no transaction
 * running. */
int ame_testing_masked_stores(int on);

/* Calls fn (NULL: nothing) in every profiled transaction that names itself
 * as the next owner of a line (AME_PROFILE), halfway through writing the
 * name: a test stops the thread there, as a busy machine's scheduler may,
 * and checks that the aborts meanwhile still name their other side. */
void ame_testing_owner_naming_hook(void (*fn)(void));

#ifdef __cplusplus
}
#endif
#endif /* AME_TESTING_H */
