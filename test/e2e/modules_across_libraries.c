// A program spread over a shared library linked at start and a plugin loaded with dlopen (both built with ame-cc -shared) and an object built without the plugin, all built with nothing but ame-cc and the usual flags: its blocks call across every module directly and through function-pointer tables (the plugin calls back into the library through a pointer it was handed). Money is never lost at 2 and 4 threads, and the only serial commits are the blocks that call the object built without the plugin. The same plugin, loaded by a program built with plain clang, runs its blocks as transactions of libame.so and stays correct at 2 threads.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang -O2 -fPIC -c %S/Inputs/modules_fees.c -o %t.dir/fees.o
// RUN: %ame_cc -O2 -fPIC -shared %S/Inputs/modules_start.c -o %t.dir/libmstart.so
// RUN: %ame_cc -O2 -fPIC -shared %S/Inputs/modules_plugin.c -o %t.dir/mplugin.so
// RUN: %ame_cc -O2 %s %t.dir/fees.o -L%t.dir -lmstart -Wl,-rpath,%t.dir -o %t.dir/main
// RUN: %t.dir/main 2 %t.dir/mplugin.so | FileCheck %s
// RUN: %t.dir/main 4 %t.dir/mplugin.so | FileCheck %s
// RUN: %clang -O2 %S/Inputs/modules_plain_host.c -o %t.dir/host -lpthread -ldl
// RUN: %t.dir/host 2 %t.dir/mplugin.so | FileCheck %s --check-prefix=HOST
//
// CHECK: total kept
// CHECK-NEXT: serial commits = blocks calling fees.o: yes
// CHECK-NEXT: PASS
// HOST: host total kept
// HOST-NEXT: host commits all
#include <ame.h>

#include <dlfcn.h>
#include <stdio.h>

#include "Inputs/modules.h"
#include "Inputs/threads.h"

enum { ACCOUNTS = 16, ITERS = 40000, INITIAL = 1000, FEE_EVERY = 64 };

static long accounts[ACCOUNTS];
static const struct move_ops *plugin_ops;

/* This program's own table, to the library's function. */
static const move_fn local_table[] = {start_move};

static void *work(void *arg) {
  unsigned r = (unsigned)(long)arg * 7919u + 1;
  long fee_blocks = 0;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ITERS; i++) {
    r = r * 1103515245u + 12345u;
    long *a = &accounts[(r >> 8) % ACCOUNTS], *b = &accounts[(r >> 16) % ACCOUNTS];
    long amount = (long)(r >> 24) % 50;
    switch (i % 4) {
    case 0: /* a direct call into the library linked at start */
      ame_atomic { start_move(a, b, amount); }
      break;
    case 1: /* its table, and this program's */
      ame_atomic {
        start_ops.move(a, b, amount);
        local_table[0](b, a, amount / 2);
      }
      break;
    case 2: /* the plugin's table; it calls start_move through a pointer */
      ame_atomic { plugin_ops->move(a, b, amount); }
      break;
    default:
      if (i % FEE_EVERY == 3) {
        ame_atomic { start_move(a, &accounts[0], fee_of(amount)); }
        fee_blocks++;
      } else {
        ame_atomic { plugin_ops->move(b, a, amount); }
      }
    }
  }
  return (void *)fee_blocks;
}

int main(int argc, char **argv) {
  int n = e2e_threads(argc, argv);
  void *h = argc > 2 ? dlopen(argv[2], RTLD_NOW) : NULL;
  if (!n || !h) {
    printf("usage: main threads mplugin.so (%s)\n", h ? "" : dlerror());
    return 2;
  }
  plugin_ops = dlsym(h, "plugin_ops");
  ((plugin_init_fn)dlsym(h, "plugin_init"))(start_move);
  for (int i = 0; i < ACCOUNTS; i++)
    accounts[i] = INITIAL;
  long fee_blocks = e2e_run(n, work);
  long total;
  ame_atomic { total = start_ops.sum(accounts, ACCOUNTS); }
  printf("total %s\n", total == ACCOUNTS * INITIAL ? "kept" : "LOST");
  struct ame_stats s;
  ame_stats_total(&s);
  int serial_ok = (long)s.serial_commits == fee_blocks && fees_charged == fee_blocks;
  printf("serial commits = blocks calling fees.o: %s\n", serial_ok ? "yes" : "no");
  if (!serial_ok)
    printf("  serial commits %llu, blocks calling fees.o %ld, fees charged %ld\n",
           (unsigned long long)s.serial_commits, fee_blocks, fees_charged);
  puts(total == ACCOUNTS * INITIAL && serial_ok ? "PASS" : "FAIL");
  return 0;
}
