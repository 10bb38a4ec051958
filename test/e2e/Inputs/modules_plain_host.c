/* A program built with plain clang, knowing nothing of AME, that loads
 * mplugin.so and moves money between its own accounts from several threads
 * through the plugin's blocks (modules_across_libraries.c). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { ACCOUNTS = 8, ITERS = 50000, INITIAL = 1000 };

static long accounts[ACCOUNTS];
static void (*transfer)(long *, long *, long);

static void *work(void *arg) {
  unsigned r = (unsigned)(long)arg * 7919u + 1;
  for (int i = 0; i < ITERS; i++) {
    r = r * 1103515245u + 12345u;
    int a = (int)(r >> 8) % ACCOUNTS, b = (int)(r >> 16) % ACCOUNTS;
    transfer(&accounts[a], &accounts[b], (long)(r >> 24) % 50);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2;
  void *h = argc > 2 ? dlopen(argv[2], RTLD_NOW) : NULL;
  if (!h || n < 1 || n > 64) {
    printf("usage: host threads plugin.so (%s)\n", h ? "" : dlerror());
    return 2;
  }
  transfer = (void (*)(long *, long *, long))dlsym(h, "plugin_transfer");
  for (int i = 0; i < ACCOUNTS; i++)
    accounts[i] = INITIAL;
  pthread_t t[64];
  for (long i = 0; i < n; i++)
    pthread_create(&t[i], NULL, work, (void *)i);
  for (int i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  long total = 0;
  for (int i = 0; i < ACCOUNTS; i++)
    total += accounts[i];
  printf("host total %s\n", total == ACCOUNTS * INITIAL ? "kept" : "LOST");
  /* The plugin's blocks ran as transactions of libame.so. */
  struct {
    unsigned long long commits, rest[32];
  } stats;
  void (*stats_total)(void *) = (void (*)(void *))dlsym(h, "ame_stats_total");
  if (stats_total) {
    stats_total(&stats);
    printf("host commits %s\n",
           stats.commits == (unsigned long long)n * ITERS ? "all" : "MISSING");
  }
  return 0;
}
