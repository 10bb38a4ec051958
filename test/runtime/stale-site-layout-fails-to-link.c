// An object built by a pass that emits sites without their kind (it calls the unversioned __ame_irrevocable) does not link against this runtime, instead of making the runtime read past its sites.
// RUN: not %clang %rt_cflags %s -o %t %rt_lib 2>&1 | FileCheck %s
// CHECK: undefined reference to `__ame_irrevocable'
#include <ame/abi.h>
#include <stdint.h>

// What such a pass emitted: the site as it was, and the old entry.
struct old_site {
  const char *file, *function;
  uint32_t line, column;
  const char *detail;
};
void __ame_irrevocable(void *tx, void *site);

static const struct old_site site = {"old.c", "f", 1, 1, "puts"};

static uint32_t body(struct __ame_tx *tx, void *ctx) {
  (void)ctx;
  __ame_irrevocable(tx, (void *)&site);
  return 0;
}

int main(void) { return (int)__ame_run(NULL, (void *)body, NULL); }
