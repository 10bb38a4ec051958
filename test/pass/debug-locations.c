// Every call the pass inserts carries the debug location of what it replaces: barriers that of the access, __ame_irrevocable_v2 that of the call, __ame_run that of the block.
// RUN: %ame_clang -O0 -g -mllvm -ame-inline-fastpath=false -S -emit-llvm -o - %s | FileCheck %s
#include <ame.h>
#include <stdio.h>

int g;

// CHECK-LABEL: define {{.*}}void @f(
// CHECK: call i32 @__ame_run({{.*}}), !dbg [[START:![0-9]+]]
// CHECK-LABEL: define internal i32 @f.ame.region(
// CHECK: [[SLOT:%.*]] = call ptr @__ame_open_for_write_4({{.*}}, ptr @.ame.site{{[.0-9]*}}), !dbg [[LOAD:![0-9]+]]
// CHECK: store i32 {{.*}}, ptr [[SLOT]], align 4, !dbg [[STORE:![0-9]+]]
// CHECK: call void @__ame_irrevocable_v2({{.*}}), !dbg [[CALL:![0-9]+]]
// CHECK-NEXT: call i32 (ptr, ...) @printf({{.*}}), !dbg [[CALL]]
void f(void) {
  // CHECK-DAG: [[START]] = !DILocation(line: [[#@LINE+1]], column: 3,
  ame_atomic {
    // CHECK-DAG: [[LOAD]] = !DILocation(line: [[#@LINE+2]], column: 9,
    // CHECK-DAG: [[STORE]] = !DILocation(line: [[#@LINE+1]], column: 7,
    g = g + 1;
    // CHECK-DAG: [[CALL]] = !DILocation(line: [[#@LINE+1]], column: 5,
    printf("%d\n", g);
  }
}
