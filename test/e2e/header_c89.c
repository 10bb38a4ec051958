/*
<ame.h> compiles in C89 mode (-std=c89, -ansi), where `inline` is not a keyword and a `for` may not declare its variable: without the plugin under gcc and clang with strict warnings as errors (blocks are plain blocks there), and with ame-cc, whose blocks are transactions (a counter stays exact at 2 threads). This file is C89 itself.
RUN: %{gcc} -std=c89 -pedantic-errors -Wall -Wextra -Werror -I%S/../../include %s -o %t.gcc -lpthread
RUN: %t.gcc | FileCheck %s --check-prefix=PLAIN
RUN: %clang -std=c89 -pedantic-errors -Wall -Wextra -Werror -I%S/../../include %s -o %t.clang -lpthread
RUN: %t.clang | FileCheck %s --check-prefix=PLAIN
RUN: %ame_cc -ansi -pedantic-errors -Wall -Wextra -Werror -O2 %s -o %t.ame -lpthread
RUN: %t.ame 2 | FileCheck %s --check-prefix=AME
REQUIRES: gcc
PLAIN: counter 100000, assigned 2 of 3, returned 1
AME: counter 200000, assigned 2 of 3, returned 1
*/
#include <ame.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static long counter;
static int assigned;

static void *count(void *arg) {
  int i;
  (void)arg;
  for (i = 0; i < 100000; i++) {
    ame_atomic { counter++; }
  }
  return NULL;
}

static int returns_from_block(void) {
  ame_atomic {
    if (counter > 0)
      return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  pthread_t threads[2];
  int n = argc > 1 ? atoi(argv[1]) : 1, i;
  for (i = 0; i < 3; i++) {
    ame_atomic {
      if (i == 1)
        break; /* leaves the block, not the loop */
      assigned++;
    }
  }
  for (i = 0; i < n && i < 2; i++)
    pthread_create(&threads[i], NULL, count, NULL);
  for (i = 0; i < n && i < 2; i++)
    pthread_join(threads[i], NULL);
  printf("counter %ld, assigned %d of 3, returned %d\n", counter, assigned,
         returns_from_block());
  return 0;
}
