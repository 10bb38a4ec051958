/* Compiled with plain clang (no plugin) by uninstrumented_call.c: code an
 * atomic block calls that AME cannot instrument, like a closed library. */
long plain_total;
long plain_pair[2];

void plain_add(long v) {
  plain_total += v;
  plain_pair[0] += v;
  plain_pair[1] -= v;
}
