; llvm.memcpy/memmove/memset (and their .inline forms) on shared memory become __ame_memcpy/__ame_memmove/__ame_memset with a size_t length.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define void @shared(
; CHECK-NEXT: call void @__ame_memcpy(ptr %tx, ptr %d, ptr %s, i64 %n, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_memmove(ptr %tx, ptr %d, ptr %s, i64 %n, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_memset(ptr %tx, ptr %d, i32 7, i64 %n, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: [[N:%.*]] = zext i32 %m to i64
; CHECK-NEXT: call void @__ame_memcpy(ptr %tx, ptr %d, ptr %s, i64 [[N]], ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_memcpy(ptr %tx, ptr %d, ptr %s, i64 16, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_memset(ptr %tx, ptr %d, i32 255, i64 8, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: ret void
define void @shared(ptr %tx, ptr %d, ptr %s, i64 %n, i32 %m) "ame-tx-clone" {
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 %n, i1 false)
  call void @llvm.memmove.p0.p0.i64(ptr %d, ptr %s, i64 %n, i1 false)
  call void @llvm.memset.p0.i64(ptr %d, i8 7, i64 %n, i1 false)
  call void @llvm.memcpy.p0.p0.i32(ptr %d, ptr %s, i32 %m, i1 true)
  call void @llvm.memcpy.inline.p0.p0.i64(ptr %d, ptr %s, i64 16, i1 false)
  call void @llvm.memset.inline.p0.i64(ptr %d, i8 -1, i64 8, i1 false)
  ret void
}

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memcpy.p0.p0.i32(ptr, ptr, i32, i1)
declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.inline.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memset.inline.p0.i64(ptr, i8, i64, i1)
