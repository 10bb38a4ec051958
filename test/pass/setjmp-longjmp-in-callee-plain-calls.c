// setjmp and longjmp in functions called from an atomic block stay plain calls in their transactional clones: no error, no __ame_irrevocable_v2, and the setjmp call keeps returns_twice (so codegen treats the clone's frame as C requires).
// RUN: %ame_clang -O0 -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O2 -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>
#include <setjmp.h>

struct handler {
  jmp_buf b;
  int status;
};

long g;

__attribute__((noinline)) void raise_error(struct handler *h) {
  h->status = 1;
  longjmp(h->b, 1);
}

__attribute__((noinline)) int protected_call(int x) {
  struct handler h;
  h.status = 0;
  if (setjmp(h.b) == 0) {
    g++;
    if (x)
      raise_error(&h);
  }
  return h.status;
}

int f(int x) {
  int r;
  ame_atomic { r = protected_call(x); }
  return r;
}

// CHECK-LABEL: define {{.*}}@raise_error.ame.tx(
// CHECK-NOT: __ame_irrevocable_v2
// CHECK: call void @longjmp(
// CHECK-NOT: __ame_irrevocable_v2
// CHECK: {{^}}}

// CHECK-LABEL: define {{.*}}@protected_call.ame.tx(
// CHECK-NOT: __ame_irrevocable_v2
// CHECK: call i32 @_setjmp({{.*}}) #[[RT:[0-9]+]]
// CHECK-NOT: __ame_irrevocable_v2
// CHECK: call {{.*}}@raise_error.ame.tx(
// CHECK-NOT: __ame_irrevocable_v2
// CHECK: {{^}}}

// CHECK: attributes #[[RT]] = { {{.*}}returns_twice
