; half/float/double and pointer loads and stores go through the integer barrier of the same size (bitcast, ptrtoint/inttoptr).
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-write-slots=false -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define void @floats(
; CHECK-NEXT: [[H:%.*]] = call i16 @__ame_load_for_write_2(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %h = bitcast i16 [[H]] to half
; CHECK-NEXT: [[F:%.*]] = call i32 @__ame_load_for_write_4(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %f = bitcast i32 [[F]] to float
; CHECK-NEXT: [[D:%.*]] = call i64 @__ame_load_for_write_8(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %d = bitcast i64 [[D]] to double
; CHECK-NEXT: [[H2:%.*]] = bitcast half %h to i16
; CHECK-NEXT: call void @__ame_store_2(ptr %tx, ptr %p, i16 [[H2]], ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: [[F2:%.*]] = bitcast float %f to i32
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr %p, i32 [[F2]], ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: [[D2:%.*]] = bitcast double %d to i64
; CHECK-NEXT: call void @__ame_store_8(ptr %tx, ptr %p, i64 [[D2]], ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: ret void
define void @floats(ptr %tx, ptr %p) "ame-tx-clone" {
  %h = load half, ptr %p
  %f = load float, ptr %p
  %d = load double, ptr %p
  store half %h, ptr %p
  store float %f, ptr %p
  store double %d, ptr %p
  ret void
}

; CHECK-LABEL: define void @pointers(
; CHECK-NEXT: [[Q:%.*]] = call i64 @__ame_load_for_write_8(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %q = inttoptr i64 [[Q]] to ptr
; CHECK-NEXT: [[Q2:%.*]] = ptrtoint ptr %q to i64
; CHECK-NEXT: call void @__ame_store_8(ptr %tx, ptr %p, i64 [[Q2]], ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: ret void
define void @pointers(ptr %tx, ptr %p) "ame-tx-clone" {
  %q = load ptr, ptr %p
  store ptr %q, ptr %p
  ret void
}
