// Thread-local variables of a shared library built with ame-cc -fPIC -shared are reached with the models a shared object may use (general and local dynamic), not an executable's: the barrier fast paths linked into every module carried the "PIE Level" flag of their own compilation, so the library did not link ("relocation R_X86_64_TPOFF32 against `own_count' can not be used when making a shared object"). Loaded with dlopen by two threads, its blocks keep each thread's counts apart and the total exact.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %ame_cc -O2 -fPIC -shared %S/Inputs/thread_locals_library.c -o %t.dir/libtl.so
// RUN: readelf -rW %t.dir/libtl.so | FileCheck %s --check-prefix=RELOCS
// RUN: %ame_cc -O2 %s -o %t.dir/main -ldl
// RUN: %t.dir/main %t.dir/libtl.so | FileCheck %s
// RELOCS-NOT: R_X86_64_TPOFF
// RELOCS: R_X86_64_DTPMOD64
// RELOCS-NOT: R_X86_64_TPOFF
// CHECK: thread 0 counted 1000, thread 1 counted 1000
// CHECK-NEXT: total 2000
#include "Inputs/threads.h"

#include <dlfcn.h>

static long (*add)(long);
static long (*total)(void);

static void *count(void *arg) {
  long last = 0;
  for (int i = 0; i < 1000; i++)
    last = add(1);
  return (void *)(last * 100 + (long)arg);
}

int main(int argc, char **argv) {
  void *lib = argc > 1 ? dlopen(argv[1], RTLD_NOW) : NULL;
  if (!lib) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  add = (long (*)(long))dlsym(lib, "thread_locals_add");
  total = (long (*)(void))dlsym(lib, "thread_locals_total");
  pthread_t t[2];
  long result[2];
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, count, (void *)i);
  for (int i = 0; i < 2; i++) {
    void *r;
    pthread_join(t[i], &r);
    result[(long)r % 100] = (long)r / 100;
  }
  printf("thread 0 counted %ld, thread 1 counted %ld\n", result[0], result[1]);
  printf("total %ld\n", total());
  return 0;
}
