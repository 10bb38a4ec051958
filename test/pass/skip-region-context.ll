; Loads and stores of the region's context struct (tagged !ame.ctx by ame-regions) are not instrumented: it is private to the thread running the region.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define i32 @f.ame.region(
; CHECK-NEXT: %in = load ptr, ptr %ctx, align 8, !ame.ctx
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr %in, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %out = getelementptr i8, ptr %ctx, i64 8
; CHECK-NEXT: store i32 %v, ptr %out, align 4, !ame.ctx
; CHECK-NEXT: ret i32 0
define i32 @f.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %in = load ptr, ptr %ctx, align 8, !ame.ctx !0
  %v = load i32, ptr %in, align 4
  %out = getelementptr i8, ptr %ctx, i64 8
  store i32 %v, ptr %out, align 4, !ame.ctx !0
  ret i32 0
}
!0 = !{}

; An optimization that merged or moved context accesses may have dropped
; their tags: an access into the context struct itself, and a store through
; a slot pointer the thunk's !ame.ctx.slots lists (offset 8), stay as they
; are. Memory behind other pointers from the context is instrumented.
; CHECK-LABEL: define i32 @g.ame.region(
; CHECK-NEXT: %in = load ptr, ptr %ctx, align 8
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr %in, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %slotp = getelementptr i8, ptr %ctx, i64 8
; CHECK-NEXT: %slot = load ptr, ptr %slotp, align 8
; CHECK-NEXT: store i32 %v, ptr %slot, align 4
; CHECK-NEXT: %ret = getelementptr i8, ptr %ctx, i64 16
; CHECK-NEXT: store i32 %v, ptr %ret, align 4
; CHECK-NEXT: %outp = getelementptr i8, ptr %ctx, i64 24
; CHECK-NEXT: %out = load ptr, ptr %outp, align 8
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr %out, i32 %v, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: ret i32 0
define i32 @g.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" !ame.ctx.slots !1 {
  %in = load ptr, ptr %ctx, align 8
  %v = load i32, ptr %in, align 4
  %slotp = getelementptr i8, ptr %ctx, i64 8
  %slot = load ptr, ptr %slotp, align 8
  store i32 %v, ptr %slot, align 4
  %ret = getelementptr i8, ptr %ctx, i64 16
  store i32 %v, ptr %ret, align 4
  %outp = getelementptr i8, ptr %ctx, i64 24
  %out = load ptr, ptr %outp, align 8
  store i32 %v, ptr %out, align 4
  ret i32 0
}

; The same in a function that is not a region thunk: its second parameter
; is ordinary memory.
; CHECK-LABEL: define i32 @h.ame.tx(
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
define i32 @h.ame.tx(ptr %tx, ptr %p) "ame-tx-clone" {
  %v = load i32, ptr %p, align 4
  ret i32 %v
}
!1 = !{i64 8}
