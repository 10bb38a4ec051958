/* mplugin.so: built with ame-cc -shared, loaded with dlopen by the program
 * (built with ame-cc) and by a host built with plain clang. It does not link
 * libmstart.so: the program hands it start_move through plugin_init. */
#include <ame.h>

#include "modules.h"

static move_fn next_move; /* the program's, or null */

void plugin_init(move_fn next) { next_move = next; }

/* Internal: reached only through plugin_ops. */
static void plugin_move(long *from, long *to, long amount) {
  if (next_move) {
    next_move(from, to, amount / 2);
    amount -= amount / 2;
  }
  *from -= amount;
  *to += amount;
}

static long plugin_sum(const long *accounts, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += accounts[i];
  return s;
}

const struct move_ops plugin_ops = {plugin_move, plugin_sum};

/* Its own atomic block, for hosts that know nothing of AME. */
void plugin_transfer(long *from, long *to, long amount) {
  ame_atomic { plugin_ops.move(from, to, amount); }
}
