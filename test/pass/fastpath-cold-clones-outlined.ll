; Fast paths are inlined only into code a region of this module reaches by direct calls; clones that exist only for other modules or the clone map (attribute "ame-outline-barriers") keep calls to libame's out-of-line barriers, to bound code size.
; RUN: llvm-as %S/Inputs/fastpath.ll -o %t.bc
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument,ame-inline-fastpath -ame-fastpath-bc=%t.bc -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global i32 0

define i32 @f.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %v = call i32 @hot()
  ret i32 0
}

define i32 @hot() {
  %v = load i32, ptr @g
  ret i32 %v
}

define i32 @cold() {
  %v = load i32, ptr @g
  ret i32 %v
}

; CHECK-LABEL: define i32 @hot.ame.tx(
; CHECK-NOT: call i32 @__ame_load_4
; CHECK: load i32, ptr @__ame_flags
; CHECK: ret i32
; CHECK-LABEL: define i32 @cold.ame.tx(
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr @g, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: ret i32 %v
; CHECK: declare i32 @__ame_load_4(ptr, ptr, ptr)
; CHECK-NOT: define {{.*}}@__ame_load_4
; CHECK: attributes #{{[0-9]+}} = { "ame-instrumented" "ame-outline-barriers" "ame-tx-clone" }
