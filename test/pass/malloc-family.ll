; malloc, calloc, realloc, free, aligned_alloc and posix_memalign inside a transaction call their transactional __ame_* versions with tx first.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define void @alloc(
; CHECK-NEXT: %a = call ptr @__ame_malloc(ptr %tx, i64 16)
; CHECK-NEXT: %b = call ptr @__ame_calloc(ptr %tx, i64 4, i64 8)
; CHECK-NEXT: %c = call ptr @__ame_realloc(ptr %tx, ptr %a, i64 32)
; CHECK-NEXT: %d = call ptr @__ame_aligned_alloc(ptr %tx, i64 64, i64 128)
; CHECK-NEXT: %r = call i32 @__ame_posix_memalign(ptr %tx, ptr %out, i64 64, i64 8)
; CHECK-NEXT: call void @__ame_free(ptr %tx, ptr %b)
; CHECK-NOT: __ame_irrevocable_v2
; CHECK: ret void
define void @alloc(ptr %tx, ptr %out) "ame-tx-clone" {
  %a = call ptr @malloc(i64 16)
  %b = call ptr @calloc(i64 4, i64 8)
  %c = call ptr @realloc(ptr %a, i64 32)
  %d = call ptr @aligned_alloc(i64 64, i64 128)
  %r = call i32 @posix_memalign(ptr %out, i64 64, i64 8)
  call void @free(ptr %b)
  ret void
}

declare noalias ptr @malloc(i64)
declare noalias ptr @calloc(i64, i64)
declare noalias ptr @realloc(ptr, i64)
declare noalias ptr @aligned_alloc(i64, i64)
declare i32 @posix_memalign(ptr, i64, i64)
declare void @free(ptr)
