; Memory intrinsics the pass does not model (a matrix load, SSE2's byte-masked
; store maskmovdqu) make the transaction inevitable; intrinsics that touch no
; shared memory (lifetime, assume, stacksave) are left alone. Masked vector
; loads and stores are modeled: masked-accesses.ll.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define <4 x i32> @unmodeled(
; CHECK-NEXT: %buf = alloca
; CHECK-NEXT: call void @llvm.lifetime.start.p0(i64 4, ptr %buf)
; CHECK-NEXT: call void @llvm.assume(i1 true)
; CHECK-NEXT: %sp = call ptr @llvm.stacksave.p0()
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr @{{.*}})
; CHECK-NEXT: %v = call <4 x i32> @llvm.matrix.column.major.load.v4i32.i64(
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr @{{.*}})
; CHECK-NEXT: call void @llvm.x86.sse2.maskmov.dqu(
; CHECK-NEXT: call void @llvm.stackrestore.p0(ptr %sp)
; CHECK-NEXT: call void @llvm.lifetime.end.p0(i64 4, ptr %buf)
; CHECK-NEXT: ret <4 x i32> %v
define <4 x i32> @unmodeled(ptr %tx, ptr %p, <16 x i8> %b, <16 x i8> %m) "ame-tx-clone" {
  %buf = alloca i32
  call void @llvm.lifetime.start.p0(i64 4, ptr %buf)
  call void @llvm.assume(i1 true)
  %sp = call ptr @llvm.stacksave.p0()
  %v = call <4 x i32> @llvm.matrix.column.major.load.v4i32.i64(ptr %p, i64 2, i1 false, i32 2, i32 2)
  call void @llvm.x86.sse2.maskmov.dqu(<16 x i8> %b, <16 x i8> %m, ptr %p)
  call void @llvm.stackrestore.p0(ptr %sp)
  call void @llvm.lifetime.end.p0(i64 4, ptr %buf)
  ret <4 x i32> %v
}

declare <4 x i32> @llvm.matrix.column.major.load.v4i32.i64(ptr, i64, i1, i32, i32)
declare void @llvm.x86.sse2.maskmov.dqu(<16 x i8>, <16 x i8>, ptr)
declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)
declare void @llvm.assume(i1)
declare ptr @llvm.stacksave.p0()
declare void @llvm.stackrestore.p0(ptr)
