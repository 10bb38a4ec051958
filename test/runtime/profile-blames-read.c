// The profiler blames an abort on the read that lost: a block reads x (site
// READ), another thread commits a write to x (site WRITE, thread 2), and the
// block's commit fails validation. The abort record names cause
// read-changed, the reading site, the writing site and thread, x's address,
// and the work lost (1 read, 1 write: the result); the sites keep their file, line,
// column, function and what they touch. The retried attempt commits.
// RUN: %clang %rt_cflags %s -o %t %rt_lib
// RUN: rm -f %t.prof && env AME_PROFILE=%t.prof %t | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --input-file=%t.prof
// RUN: env AME_PROFILE=%t.prof %t | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=AGAIN --input-file=%t.prof
#include "Inputs/doom.h"

#include <ame.h>
#include <stdio.h>

static const struct __ame_site region = {"blame.c", "main", 20, 3, NULL, 0};
static const struct __ame_site read_x = {"blame.c", "body", 21, 9, "global x",
                                         AME_SITE_READ};
static const struct __ame_site write_x = {"blame.c", "bump", 30, 5,
                                          "global x", AME_SITE_WRITE};
static int attempts;

static uint32_t bump(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_store_8(tx, &x, __ame_load_8(tx, &x, &write_x) + 1, &write_x);
  return 0;
}
static void *bump_thread(void *arg) {
  (void)arg;
  __ame_run((void *)&region, (void *)bump, NULL);
  return NULL;
}

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  uint64_t v = __ame_load_8(tx, &x, (void *)&read_x);
  if (attempts++ == 0) {
    pthread_t t;
    pthread_create(&t, NULL, bump_thread, NULL);
    pthread_join(t, NULL);
  }
  __ame_store_8(tx, (uint64_t *)ctx, v, NULL);
  return 0;
}

int main(void) {
  uint64_t seen;
  __ame_run((void *)&region, (void *)body, &seen);
  printf("attempts %d, x %llu, seen %llu\n", attempts,
         (unsigned long long)x, (unsigned long long)seen);
  return 0;
}
// OUT: attempts 2, x 1, seen 1
// CHECK: ame-profile 1
// CHECK-NEXT: start {{[0-9]+}} {{[0-9]+}} 64 {{.*}}profile-blames-read.c.tmp
// CHECK-NEXT: abort {{[0-9]+}} 1 read-changed [[REGION:[0-9]+]] [[READ:[0-9]+]] [[WRITE:[0-9]+]] 2 0x{{[0-9a-f]+}} {{[0-9]+}} 1 1{{$}}
// CHECK-DAG: site [[REGION]] region blame.c 20 3 main  
// CHECK-DAG: site [[READ]] read blame.c 21 9 body global x {{.*}}profile-blames-read.c.tmp 0x{{[0-9a-f]+$}}
// CHECK-DAG: site [[WRITE]] write blame.c 30 5 bump global x 
// CHECK: end {{[0-9]+}} 2 2 1 0 0{{$}}
// A second run truncates the file.
// AGAIN: ame-profile 1
// AGAIN-COUNT-1: abort
// AGAIN-NOT: ame-profile
