// Blocks of one to eight lines that atomic blocks allocate lie side by side, line-aligned, instead of one per 128 or 256 bytes as posix_memalign placed them; and the program may still free, resize and measure them outside blocks (libame's free, realloc and malloc_usable_size), also through the C library (getline resizing a buffer a block allocated, reallocarray) and free them on another thread than the one that allocated them. AME_BLOCK_CACHE=0 turns the side-by-side blocks off (every block from the C library, for heap checkers), and so does a program that defines free itself; everything else behaves the same.
// RUN: %ame_cc -O2 %s -o %t -lpthread
// RUN: %t | FileCheck %s --check-prefixes=CHECK,DENSE
// RUN: env AME_BLOCK_CACHE=0 %t | FileCheck %s --check-prefixes=CHECK,SPARSE
// A program with a free of its own keeps the C library's blocks: its free
// would get them.
// RUN: %ame_cc -O2 -DOWN_FREE %s -o %t.own -lpthread
// RUN: %t.own | FileCheck %s --check-prefixes=CHECK,SPARSE
// DENSE: side by side 63 of 63
// SPARSE: side by side 0 of 63
// CHECK-NEXT: aligned 64 of 64
// DENSE-NEXT: usable 128
// SPARSE-NEXT: usable {{1[0-9][0-9]}}
// CHECK-NEXT: shrunk in place 1
// CHECK-NEXT: grown kept 128 bytes 1
// CHECK-NEXT: reallocarray overflow ENOMEM 1
// CHECK-NEXT: getline 300 bytes 1
// CHECK-NEXT: handed over 200000 corrupt 0
#include <ame.h>
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef OWN_FREE
void __libc_free(void *);
void free(void *p) { __libc_free(p); }
#endif

enum { BLOCKS = 64, HANDOVERS = 200000, SLOTS = 64 };

static char *blocks[BLOCKS];

static void side_by_side(void) {
  ame_atomic {
    for (int i = 0; i < BLOCKS; i++)
      blocks[i] = malloc(100);
  }
  int adjacent = 0, aligned = 0;
  for (int i = 0; i < BLOCKS; i++) {
    aligned += ((uintptr_t)blocks[i] & 63) == 0;
    if (i)
      adjacent += blocks[i] - blocks[i - 1] == 128;
  }
  printf("side by side %d of %d\n", adjacent, BLOCKS - 1);
  printf("aligned %d of %d\n", aligned, BLOCKS);
}

static void outside_blocks(void) {
  printf("usable %zu\n", malloc_usable_size(blocks[0]));
  char *p = realloc(blocks[1], 64);
  printf("shrunk in place %d\n", p == blocks[1]);
  for (int i = 0; i < 128; i++)
    blocks[2][i] = (char)i;
  char *q = realloc(blocks[2], 1000);
  int kept = q != NULL;
  for (int i = 0; q && i < 128; i++)
    kept &= q[i] == (char)i;
  printf("grown kept 128 bytes %d\n", kept);
  errno = 0;
  void *r = reallocarray(blocks[3], SIZE_MAX / 2, 4);
  printf("reallocarray overflow ENOMEM %d\n", r == NULL && errno == ENOMEM);
  free(p);
  free(q);
  for (int i = 3; i < BLOCKS; i++)
    free(blocks[i]);
}

/* getline resizes the buffer with the C library's own call to realloc. */
static void getline_buffer(void) {
  char text[301];
  memset(text, 'x', 300);
  text[300] = '\n';
  FILE *f = fmemopen(text, sizeof text, "r");
  char *line = NULL;
  ame_atomic { line = malloc(64); }
  size_t cap = 64;
  ssize_t got = getline(&line, &cap, f);
  int ok = got == 301 && cap >= 302;
  for (int i = 0; ok && i < 300; i++)
    ok = line[i] == 'x';
  printf("getline 300 bytes %d\n", ok);
  free(line);
  fclose(f);
}

/* A producer allocates blocks of 1 to 8 lines in atomic blocks and fills
 * them with a stamp; a consumer takes them, checks the stamp, and frees
 * them outside its blocks (odd ones) or inside (even ones), so freed blocks
 * come back to the producer through every path. A block handed out again
 * while the consumer still holds it shows up as a stamp that changed. */
static long *slots[SLOTS];
static long corrupt;

static void *producer(void *arg) {
  (void)arg;
  for (long i = 0; i < HANDOVERS;) {
    int put = 0;
    ame_atomic {
      long *b = NULL;
      int k = (int)(i % SLOTS);
      if (!slots[k]) {
        size_t bytes = (size_t)(i % 8 + 1) * 64 - 8;
        b = malloc(bytes);
        for (size_t w = 0; w < bytes / sizeof(long); w++)
          b[w] = i;
        slots[k] = b;
        put = 1;
      }
    }
    if (put)
      i++;
  }
  return NULL;
}

static void *consumer(void *arg) {
  (void)arg;
  for (long i = 0; i < HANDOVERS;) {
    long *b = NULL;
    int k = (int)(i % SLOTS);
    ame_atomic {
      b = slots[k];
      slots[k] = NULL;
    }
    if (!b)
      continue;
    size_t words = (size_t)(i % 8 + 1) * 8 - 1;
    for (size_t w = 0; w < words; w++)
      if (b[w] != i) {
        corrupt++;
        break;
      }
    if (i & 1)
      free(b);
    else
      ame_atomic { free(b); }
    i++;
  }
  return NULL;
}

int main(void) {
  side_by_side();
  outside_blocks();
  getline_buffer();
  pthread_t p, c;
  pthread_create(&p, NULL, producer, NULL);
  pthread_create(&c, NULL, consumer, NULL);
  pthread_join(p, NULL);
  pthread_join(c, NULL);
  printf("handed over %d corrupt %ld\n", HANDOVERS, corrupt);
  return 0;
}
