// Under -ame-check-immutable, a plain write from another thread to an AME_IMMUTABLE field that a running transaction has read is reported when that transaction commits, with the address, the old and new values and the site of the read; without the write the program runs clean.
// RUN: %clang -O2 -c %S/Inputs/immutable_check_helper.c -o %t.helper.o
// RUN: %ame_cc -O2 -g -mllvm -ame-check-immutable %s %t.helper.o -o %t
// RUN: %t clean | FileCheck %s --check-prefix=CLEAN
// RUN: not --crash %t write 2>&1 | FileCheck %s
//
// CLEAN: kind 1
// CLEAN-NEXT: PASS
// CHECK: ame: AME_CHECK_IMMUTABLE: AME_IMMUTABLE data at 0x{{[0-9a-f]+}} (4 bytes) changed while a transaction that read it ran: read 0x1, now 0x9
// CHECK-NEXT: at {{.*}}immutable_check_concurrent_write.c:[[@LINE+23]]:{{[0-9]+}} in read_kind (read of AME_IMMUTABLE data)
// CHECK-NOT: PASS

#include <ame.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct obj {
  AME_IMMUTABLE int kind;
  int val;
};

void helper_init(void);
void helper_meet(void); /* not instrumented */

static struct obj the_obj = {1, 0};
static int do_write;

static int read_kind(struct obj *o) {
  int k;
  ame_atomic {
    k = o->kind;
    helper_meet(); /* the writer may go */
    helper_meet(); /* the writer is done */
  }
  return k;
}

static void *writer(void *arg) {
  (void)arg;
  helper_meet();
  if (do_write)
    the_obj.kind = 9; /* breaks the contract: published and immutable */
  helper_meet();
  return NULL;
}

int main(int argc, char **argv) {
  do_write = argc > 1 && strcmp(argv[1], "write") == 0;
  helper_init();
  pthread_t t;
  pthread_create(&t, NULL, writer, NULL);
  int k = read_kind(&the_obj);
  pthread_join(t, NULL);
  printf("kind %d\nPASS\n", k);
  return 0;
}
