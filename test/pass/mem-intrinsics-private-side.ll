; A memory intrinsic with one side in a non-escaping local becomes load_bytes/store_bytes; with both sides private (or a constant source and a private destination) it is left alone.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"
@table = private constant [16 x i8] zeroinitializer

; CHECK-LABEL: define void @one_side_private(
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %buf, ptr %shared, i64 16, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_store_bytes(ptr %tx, ptr %shared, ptr %buf, i64 16, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %buf, ptr %shared, i64 16, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_store_bytes(ptr %tx, ptr %shared, ptr @table, i64 16, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: ret void
define void @one_side_private(ptr %tx, ptr %shared) "ame-tx-clone" {
  %buf = alloca [16 x i8]
  call void @llvm.memcpy.p0.p0.i64(ptr %buf, ptr %shared, i64 16, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr %shared, ptr %buf, i64 16, i1 false)
  call void @llvm.memmove.p0.p0.i64(ptr %buf, ptr %shared, i64 16, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr %shared, ptr @table, i64 16, i1 false)
  ret void
}

; CHECK-LABEL: define void @both_private(
; CHECK-NEXT: %a = alloca
; CHECK-NEXT: %b = alloca
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr %a, ptr %b, i64 16, i1 false)
; CHECK-NEXT: call void @llvm.memset.p0.i64(ptr %a, i8 0, i64 16, i1 false)
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr %b, ptr @table, i64 16, i1 false)
; CHECK-NOT: __ame_
; CHECK: ret void
define void @both_private(ptr %tx) "ame-tx-clone" {
  %a = alloca [16 x i8]
  %b = alloca [16 x i8]
  call void @llvm.memcpy.p0.p0.i64(ptr %a, ptr %b, i64 16, i1 false)
  call void @llvm.memset.p0.i64(ptr %a, i8 0, i64 16, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr %b, ptr @table, i64 16, i1 false)
  ret void
}

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
