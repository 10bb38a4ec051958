// Objects compiled with ame-cc -c (also through a response file) link with a separate ame-cc call, which adds the runtime; the program runs its atomic blocks on threads.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %ame_cc -O0 -c %s -o %t/prog.O0.o
// RUN: %ame_cc -O2 -g -c %s -o %t/prog.O2.o
// RUN: %ame_cc %t/prog.O0.o -o %t/prog.O0
// RUN: %ame_cc %t/prog.O2.o -o %t/prog.O2
// RUN: %t/prog.O0 | FileCheck %s
// RUN: %t/prog.O2 | FileCheck %s
// A compile-only call must not pass linker inputs (clang would warn), also
// when -c comes from a response file:
// RUN: %ame_cc -Werror -Wunused-command-line-argument -c %s -o %t/quiet.o
// RUN: echo "-O2 -c %s -o %t/rsp.o" > %t/compile.rsp
// RUN: %ame_cc -Werror -Wunused-command-line-argument @%t/compile.rsp
// RUN: echo "%t/rsp.o -o %t/rsp" > %t/link.rsp
// RUN: %ame_cc @%t/link.rsp
// RUN: %t/rsp | FileCheck %s
// CHECK: counter 40000
#include <ame.h>

#include <pthread.h>
#include <stdio.h>

static long counter;

static void *work(void *arg) {
  (void)arg;
  for (int i = 0; i < 10000; i++)
    ame_atomic { counter++; }
  return NULL;
}

int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, work, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  printf("counter %ld\n", counter);
  return counter != 40000;
}
