/* The second translation unit of multi_file.c: shared state and functions
 * that atomic blocks in the other file call. */
#include <ame.h>

long helper_total;
long helper_pairs[2];

void helper_add(long v) {
  helper_total += v;
  helper_pairs[0] += v;
  helper_pairs[1] -= v;
}

/* every call is atomic, also from the other file */
AME_ATOMIC long helper_atomic_add(long v) {
  helper_total += v;
  return helper_pairs[0] + helper_pairs[1];
}
