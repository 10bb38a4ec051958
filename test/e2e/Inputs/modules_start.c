/* libmstart.so: built with ame-cc -shared, linked by the program at start. */
#include "modules.h"

void start_move(long *from, long *to, long amount) {
  *from -= amount;
  *to += amount;
}

static long start_sum(const long *accounts, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += accounts[i];
  return s;
}

const struct move_ops start_ops = {start_move, start_sum};
