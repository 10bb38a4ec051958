// A program that brings its own malloc family (malloc, calloc, realloc, free and the aligned ones, as glibc's manual asks of a replacement, but no reallocarray) gets every block from it, and the C library's reallocarray reaches its realloc: libame defines no reallocarray of its own, which took such pointers to glibc's realloc ("realloc(): invalid pointer").
// RUN: %clang -O2 -c %S/Inputs/bump_allocator.c -o %t.bump.o
// RUN: %ame_cc -O2 %s %t.bump.o -o %t
// RUN: %t | FileCheck %s
// CHECK: reallocarray kept 4 values 1
// CHECK-NEXT: blocks from the program's allocator 1000 of 1000
#define _GNU_SOURCE
#include <ame.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

static long *kept[1000];

int main(void) {
  int *values = malloc(4 * sizeof *values);
  for (int i = 0; i < 4; i++)
    values[i] = i;
  values = reallocarray(values, 1000, sizeof *values);
  printf("reallocarray kept 4 values %d\n",
         values && values[0] == 0 && values[3] == 3);
  free(values);

  for (int i = 0; i < 1000; i++)
    ame_atomic {
      kept[i] = malloc(sizeof *kept[i]);
      *kept[i] = i;
    }
  /* The bump allocator stops the program for a pointer it did not hand out;
   * it remembers each block's size in front of it. */
  int from_program = 0;
  for (int i = 0; i < 1000; i++) {
    from_program += *kept[i] == i && malloc_usable_size(kept[i]) >= 8;
    free(kept[i]);
  }
  printf("blocks from the program's allocator %d of 1000\n", from_program);
  return 0;
}
