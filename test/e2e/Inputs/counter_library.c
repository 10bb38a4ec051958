/* A library built with ame-cc -shared, for a program built without it. */
#include <ame.h>
#include <stdlib.h>

static long counter;
static long *history[64];

void counter_add(long n) {
  ame_atomic {
    counter += n;
    /* An allocation inside a block, freed by the next block's commit. */
    long **slot = &history[counter % 64];
    free(*slot);
    *slot = malloc(sizeof **slot);
    **slot = counter;
  }
}

long counter_read(void) {
  long value;
  ame_atomic { value = counter; }
  return value;
}

/* A block's allocation handed to the caller, who frees it outside blocks. */
long *counter_snapshot(void) {
  long *copy;
  ame_atomic {
    copy = malloc(sizeof *copy);
    *copy = counter;
  }
  return copy;
}
