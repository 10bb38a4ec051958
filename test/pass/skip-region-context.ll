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
