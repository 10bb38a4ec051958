/* fees.o: built with plain clang, without the plugin. */
long fees_charged;

long fee_of(long amount) {
  fees_charged++;
  return amount / 10 + 1;
}
