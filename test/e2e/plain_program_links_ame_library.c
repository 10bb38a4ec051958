// A program built with plain clang that links a library built with ame-cc -shared at start has the C library before libame.so in its search order, so dlsym's RTLD_NEXT from libame.so finds nothing: libame takes the C library's own sigaction, longjmp, free, realloc and malloc_usable_size instead of stopping with "the C library's sigaction was not found". The library's blocks then keep a counter exact at 2 threads, and the program frees a block's allocation with its own free. The program's signal handler still runs.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %ame_cc -O2 -fPIC -shared %S/Inputs/counter_library.c -o %t.dir/libcounter.so
// RUN: %clang -O2 %s -L%t.dir -lcounter -Wl,-rpath,%t.dir -o %t.dir/main -lpthread
// RUN: %t.dir/main | FileCheck %s
// CHECK: libame.so after libc: 1
// CHECK-NEXT: counter 200000 of 200000
// CHECK-NEXT: snapshot freed 200000
// CHECK-NEXT: handler ran 1
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void counter_add(long n);
long counter_read(void);
long *counter_snapshot(void);

enum { PER_THREAD = 100000 };

static void *adder(void *arg) {
  (void)arg;
  for (int i = 0; i < PER_THREAD; i++)
    counter_add(1);
  return NULL;
}

/* The order the dynamic linker searches: is libame.so after libc? */
static int libc_seen, ame_after_libc;
static int note_object(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  (void)data;
  if (strstr(info->dlpi_name, "/libc.so"))
    libc_seen = 1;
  if (strstr(info->dlpi_name, "/libame.so") && libc_seen)
    ame_after_libc = 1;
  return 0;
}

static volatile sig_atomic_t handled;
static void on_usr1(int sig) { handled = sig == SIGUSR1; }

int main(void) {
  dl_iterate_phdr(note_object, NULL);
  printf("libame.so after libc: %d\n", ame_after_libc);

  pthread_t threads[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&threads[i], NULL, adder, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(threads[i], NULL);
  printf("counter %ld of %d\n", counter_read(), 2 * PER_THREAD);

  long *snapshot = counter_snapshot();
  printf("snapshot freed %ld\n", *snapshot);
  free(snapshot);

  struct sigaction action = {.sa_handler = on_usr1};
  sigaction(SIGUSR1, &action, NULL);
  raise(SIGUSR1);
  printf("handler ran %d\n", (int)handled);
  return 0;
}
