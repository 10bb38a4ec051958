// The region's site is a constant {file, function, line, column, null, 0}: file and line come from the annotation (also without -g), the column from debug info.
// RUN: %ame_clang -O0 -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=CHECK,NODBG
// RUN: %ame_clang -O2 -g -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=CHECK,DBG
#include <ame.h>

int g;

// CHECK-DAG: [[FILE:@.ame.str[.0-9]*]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"{{.*}}region-site.c\00"
// CHECK-DAG: [[FN:@.ame.str[.0-9]*]] = private unnamed_addr constant [7 x i8] c"region\00"
// NODBG-DAG: @.ame.site = private constant { ptr, ptr, i32, i32, ptr, i32 } { ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[FILE]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[FN]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 [[#@LINE+5]], i32 0, ptr null, i32 -2147483648 }
// DBG-DAG: @.ame.site = private constant { ptr, ptr, i32, i32, ptr, i32 } { ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[FILE]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[FN]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 [[#@LINE+4]], i32 3, ptr null, i32 -2147483648 }
// CHECK-LABEL: define {{.*}}void @region(
// CHECK: call i32 @__ame_run(ptr {{.*}}@.ame.site,
void region(void) {
  ame_atomic { g++; }
}
