/* Compiled with plain clang (no plugin) by immutable_check_*.c: lets the
 * block wait, as uninstrumented code, until another thread has done
 * something (a call like this makes the transaction inevitable). */
#include <pthread.h>

static pthread_barrier_t meet;

void helper_init(void) { pthread_barrier_init(&meet, NULL, 2); }

/* The two threads pass here together, twice: before and after the other
 * thread's action. */
void helper_meet(void) { pthread_barrier_wait(&meet); }
