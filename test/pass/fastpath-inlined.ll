; ame-inline-fastpath links only the __ame_load_N/__ame_store_N definitions of the fast-path bitcode, inlines every call and deletes them; the slow path stays an external declaration (defined once, in libame).
; RUN: llvm-as %S/Inputs/fastpath.ll -o %t.bc
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-inline-fastpath -ame-fastpath-bc=%t.bc -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK: @__ame_flags = external global i32
; CHECK-LABEL: define i32 @f.ame.region(
; CHECK-NOT: call i32 @__ame_load_4
; CHECK: load i32, ptr @__ame_flags
; CHECK: call i32 @__ame_slow_load_4(ptr %tx, ptr %p, ptr null)
; CHECK: call void @__ame_slow_store_4(ptr %tx, ptr %p, i32 %w, ptr null
; CHECK-NOT: call void @__ame_store_4
; CHECK: ret i32 0
define i32 @f.ame.region(ptr %tx, ptr %p) "ame-tx-clone" {
  %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr null)
  %w = add i32 %v, 1
  call void @__ame_store_4(ptr %tx, ptr %p, i32 %w, ptr null)
  ret i32 0
}

; CHECK-NOT: define {{.*}}@__ame_load_4
; CHECK-NOT: define {{.*}}@__ame_store_4
; CHECK: declare i32 @__ame_slow_load_4(ptr, ptr, ptr)
; CHECK-NOT: define {{.*}}@__ame_slow_load_4
declare i32 @__ame_load_4(ptr, ptr, ptr)
declare void @__ame_store_4(ptr, ptr, i32, ptr)
