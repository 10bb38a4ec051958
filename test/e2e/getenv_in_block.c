// getenv and secure_getenv inside blocks read environ and its entries
// through barriers (runtime/libc_env.c) instead of making the block serial.
// One thread keeps switching environ between two environments in blocks;
// the others look up two names in one block each time and must always get
// both from the same environment, with the C library's matching rules (a
// prefix of a name, an empty name and a missing name find nothing). Not one
// commit may be serial (a reader that keeps losing to the writer may still
// become inevitable, which is starvation freedom, not serial mode).
// RUN: %ame_cc -O2 -Rpass-missed=ame %s -o %t 2>&1 | FileCheck %s --check-prefix=REMARK --allow-empty
// RUN: %t | FileCheck %s
// RUN: env AME_RETRY_LIMIT=0 %t | FileCheck %s --check-prefix=INEVITABLE
// REMARK-NOT: serial mode
// CHECK: lookups from two environments 0
// CHECK-NEXT: inevitable {{[0-9]+}}, serial 0
// CHECK-NEXT: FOO=b BAR=b EMPTY= FO=(null) empty=(null) secure=b
// CHECK-NEXT: same as libc: yes
// INEVITABLE: lookups from two environments 0
// INEVITABLE: same as libc: yes
#define _GNU_SOURCE
#include <ame.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "Inputs/threads.h"

enum { ITERS = 5000 };

static char *env_a[] = {"PATH=/usr/bin", "FOO=a", "EMPTY=", "BAR=a", NULL};
static char *env_b[] = {"BAR=b", "FOOD=x", "EMPTY=", "FOO=b", NULL};

struct lookup {
  const char *foo, *bar, *empty, *fo, *none, *secure;
};

__attribute__((noinline)) static void look_up(struct lookup *l) {
  l->foo = getenv("FOO");
  l->bar = getenv("BAR");
  l->empty = getenv("EMPTY");
  l->fo = getenv("FO");
  l->none = getenv("");
  l->secure = secure_getenv("BAR");
}

static int readers_done;

static void *work(void *arg) {
  long id = (long)arg, mixed = 0;
  pthread_barrier_wait(&start_line);
  if (id == 0) {
    // Until the last reader is done, so that every lookup meets switches.
    for (long k = 0; __atomic_load_n(&readers_done, __ATOMIC_ACQUIRE) < 2; k++)
      ame_atomic { environ = k & 1 ? env_b : env_a; }
    return NULL;
  }
  for (int k = 0; k < ITERS; k++) {
    struct lookup l;
    ame_atomic { look_up(&l); }
    mixed += !l.foo || !l.bar || l.foo[0] != l.bar[0] ||
             l.secure != l.bar || !l.empty || *l.empty || l.fo || l.none;
  }
  __atomic_fetch_add(&readers_done, 1, __ATOMIC_RELEASE);
  return (void *)mixed;
}

static const char *shown(const char *s) { return s ? s : "(null)"; }

int main(void) {
  environ = env_a;
  // One writer, two readers.
  e2e_run_and_count_modes(3, work, "lookups from two environments");
  ame_atomic { environ = env_b; }
  struct lookup l;
  ame_atomic { look_up(&l); }
  printf("FOO=%s BAR=%s EMPTY=%s FO=%s empty=%s secure=%s\n", shown(l.foo),
         shown(l.bar), shown(l.empty), shown(l.fo), shown(l.none),
         shown(l.secure));
  printf("same as libc: %s\n",
         l.foo == getenv("FOO") && l.bar == getenv("BAR") &&
                 l.empty == getenv("EMPTY") && !getenv("FO") && !getenv("")
             ? "yes"
             : "no");
  return 0;
}
