/*===- testing.c - ame_testing.h ------------------------------------------===*/
#include "ame_testing.h"
#include "internal.h"

#include <x86intrin.h>

int ame__testing_stamps;

AME__EXPORT void ame_testing_serial_stamps(void) {
  __atomic_store_n(&ame__testing_stamps, 1, __ATOMIC_RELAXED);
  ame__rare_set(AME__RARE_STAMPS);
}

/* Commits do not take distinct timestamps from a counter (commit.c), so the
 * order a test replays comes from the processor's invariant time-stamp
 * counter, read at the serialization point with the fences that keep it
 * there; ties between threads are broken by thread number. */
void ame__testing_stamp(struct __ame_tx *tx) {
  _mm_lfence();
  uint64_t t = __rdtsc();
  _mm_lfence();
  tx->serial_stamp = t << 8 | (tx->thread_no & 0xff);
}

AME__EXPORT uint64_t ame_testing_last_serial_ts(void) {
  struct __ame_tx *tx = ame__self;
  return tx ? tx->last_serial_ts : 0;
}

AME__EXPORT int ame_testing_last_was_read_only(void) {
  struct __ame_tx *tx = ame__self;
  return tx ? tx->last_read_only : 0;
}

AME__EXPORT int ame_testing_masked_stores(int on) {
  if (on)
    ame__masked_stores_init();
  else
    ame__masked_stores = 0;
  return ame__masked_stores;
}

void (*ame__testing_owner_hook)(void);

AME__EXPORT void ame_testing_owner_naming_hook(void (*fn)(void)) {
  __atomic_store_n(&ame__testing_owner_hook, fn, __ATOMIC_RELEASE);
}
