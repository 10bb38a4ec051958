// Clones of a plugin built with ame-cc -shared are found through pointers while it is loaded: a block calling into it does not go serial, and __ame_find_clone gives its clone. After dlclose the lookup finds nothing (no stale clone of unmapped code); loading it again registers its clones again.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %ame_cc -O2 -fPIC -shared %S/Inputs/modules_plugin.c -o %t.dir/mplugin.so
// RUN: %ame_cc -O2 %s -o %t.dir/main
// RUN: %t.dir/main %t.dir/mplugin.so | FileCheck %s
// CHECK: loaded: clone found, serial commits 0
// CHECK-NEXT: unloaded: clone found: no
// CHECK-NEXT: loaded again: clone found, serial commits 0
#include <ame.h>
#include <ame/abi.h>

#include <dlfcn.h>
#include <stdio.h>

#include "Inputs/modules.h"

static long accounts[2] = {100, 100};

static void use(const char *when, const char *path) {
  void *h = dlopen(path, RTLD_NOW);
  const struct move_ops *ops = h ? dlsym(h, "plugin_ops") : NULL;
  if (!ops) {
    printf("%s: cannot load %s\n", when, path);
    return;
  }
  ame_atomic { ops->move(&accounts[0], &accounts[1], 10); }
  struct ame_stats s;
  ame_stats_total(&s);
  printf("%s: clone %s, serial commits %llu\n", when,
         __ame_find_clone((void *)ops->move) ? "found" : "missing",
         (unsigned long long)s.serial_commits);
  move_fn move = ops->move;
  dlclose(h);
  printf("unloaded: clone found: %s\n",
         __ame_find_clone((void *)move) ? "yes" : "no");
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  use("loaded", argv[1]);
  use("loaded again", argv[1]);
  return 0;
}
