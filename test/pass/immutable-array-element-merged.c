// An element of an AME_IMMUTABLE array read twice in one expression stays a plain read after EarlyCSE and GVN merge the two loads (which drops !ame.immutable): its TBAA tag, which names no member, is replaced at PipelineStart by AME's own, which merging keeps and the instrumenter recognises. An element of an array that is not immutable keeps its barrier.
// RUN: %ame_clang -O2 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
// RUN: %ame_clang -O1 -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>

struct elem {
  AME_IMMUTABLE double x[3];
  double y[3];
};

void moved(const struct elem *o, struct elem *e, double px, double s) {
  ame_atomic {
    for (int v = 0; v < 3; v++) {
      e->x[v] = o->x[v] + (px - o->x[v]) * s;
      e->y[v] = o->y[v] + (px - o->y[v]) * s;
    }
  }
}

// The three x loads are plain (offsets 0, 8, 16), the three y loads
// (offsets 24, 32, 40) go through barriers.
// CHECK-LABEL: define internal {{.*}}@moved.ame.region(
// CHECK-NOT: call i64 @__ame_load_8(ptr %{{[0-9a-z.]+}}, ptr %{{[0-9a-z.]+}},
// CHECK: load double, ptr %[[O:[0-9a-z.]+]], align 8, !tbaa ![[OWN:[0-9]+]]
// CHECK: call i64 @__ame_load_8(ptr %{{[^,]+}}, ptr %{{[^,]+}},
// CHECK: ret i32
// CHECK: ![[OWN]] = !{![[TY:[0-9]+]], ![[TY]], i64 0}
// CHECK: ![[TY]] = !{!"ame.immutable", ![[ROOT:[0-9]+]], i64 0}
// CHECK: ![[ROOT]] = !{!"AME immutable TBAA"}
