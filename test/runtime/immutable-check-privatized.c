// The AME_IMMUTABLE check at commit reports immutable data that changed while a transaction that read it ran, unless the transaction's reads are stale (the object was unlinked by another commit, then legitimately rewritten by plain code).
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: %t privatize | FileCheck %s --check-prefix=PRIV
// RUN: not --crash %t plain 2>&1 | FileCheck %s --check-prefix=PLAIN
//
// PRIV: committed, kind read 1
// PLAIN: ame: AME_CHECK_IMMUTABLE: AME_IMMUTABLE data at 0x{{[0-9a-f]+}} (4 bytes) changed while a transaction that read it ran: read 0x1, now 0x2
// PLAIN-NEXT: at t.c:7:3 in reader (read of AME_IMMUTABLE data)
// PLAIN-NOT: committed
#include <ame.h>
#include <ame/abi.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct obj {
  int kind; /* AME_IMMUTABLE in the program this stands for */
  int val;
};

static _Alignas(64) struct obj the_obj = {1, 0};
static _Alignas(64) struct obj *shared = &the_obj;
static int privatize, reader_in, writer_done, kind_read;
static const struct __ame_site read_site = {"t.c", "reader", 7, 3,
                                            "read of AME_IMMUTABLE data", 0};

/* What the pass emits for `k = shared->kind` with -ame-check-immutable. */
static uint32_t reader(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  struct obj *o = (struct obj *)(uintptr_t)__ame_load_8(tx, &shared, NULL);
  __ame_check_immutable(tx, &o->kind, sizeof o->kind, (void *)&read_site);
  kind_read = o->kind;
  __atomic_store_n(&reader_in, 1, __ATOMIC_RELEASE);
  while (!__atomic_load_n(&writer_done, __ATOMIC_ACQUIRE))
    ;
  return 0;
}

static uint32_t unlink_obj(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &shared, 0, NULL);
  return 0;
}

static void *writer(void *arg) {
  (void)arg;
  while (!__atomic_load_n(&reader_in, __ATOMIC_ACQUIRE))
    ;
  if (privatize)
    __ame_run(NULL, (void *)unlink_obj, NULL);
  /* Private now (privatize), or a contract violation (plain). */
  __atomic_store_n(&the_obj.kind, 2, __ATOMIC_RELAXED);
  __atomic_store_n(&writer_done, 1, __ATOMIC_RELEASE);
  return NULL;
}

int main(int argc, char **argv) {
  privatize = argc > 1 && strcmp(argv[1], "privatize") == 0;
  pthread_t t;
  pthread_create(&t, NULL, writer, NULL);
  __ame_run(NULL, (void *)reader, NULL);
  pthread_join(t, NULL);
  printf("committed, kind read %d\n", kind_read);
  return 0;
}
