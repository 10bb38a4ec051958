/*===- modules.h - What the modules of modules_across_libraries.c share ----===
 *
 * A bank spread over four modules: the program (accounts, workers), a shared
 * library linked at start (libmstart.so), a plugin loaded with dlopen
 * (mplugin.so), both built with ame-cc -shared, and an object built without
 * the plugin (fees). Blocks call across all of them, directly and through
 * function-pointer tables.
 *===----------------------------------------------------------------------===*/
#ifndef AME_TEST_E2E_MODULES_H
#define AME_TEST_E2E_MODULES_H

typedef void (*move_fn)(long *from, long *to, long amount);

struct move_ops {
  move_fn move;
  long (*sum)(const long *accounts, int n);
};

/* libmstart.so */
void start_move(long *from, long *to, long amount);
extern const struct move_ops start_ops;

/* mplugin.so, found with dlsym: "plugin_ops" (struct move_ops),
 * "plugin_init" (void (*)(move_fn)), "plugin_transfer" (move_fn, runs its
 * own block). */
typedef void (*plugin_init_fn)(move_fn next);

/* fees.o, built without the plugin: a call to it makes a block serial. */
long fee_of(long amount);
extern long fees_charged;

#endif
