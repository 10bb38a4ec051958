/*===- testing.c - ame_testing.h ------------------------------------------===*/
#include "ame_testing.h"
#include "internal.h"

AME__EXPORT uint64_t ame_testing_last_serial_ts(void) {
  struct __ame_tx *tx = ame__self;
  return tx ? tx->last_serial_ts : 0;
}

AME__EXPORT int ame_testing_last_was_read_only(void) {
  struct __ame_tx *tx = ame__self;
  return tx ? tx->last_read_only : 0;
}
