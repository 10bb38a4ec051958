/* A library built with ame-cc -fPIC -shared whose blocks update
 * thread-local variables, one of its own and one other modules may use. */
#include <ame.h>

static _Thread_local long own_count;
_Thread_local long exported_count;
static long total;

long thread_locals_add(long n) {
  long mine;
  ame_atomic {
    own_count += n;
    exported_count += n;
    total += n;
    mine = own_count == exported_count ? own_count : -1;
  }
  return mine;
}

long thread_locals_total(void) {
  long t;
  ame_atomic { t = total; }
  return t;
}
