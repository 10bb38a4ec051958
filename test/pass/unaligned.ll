; Under-aligned (packed) loads and stores use the same barriers: the runtime takes any alignment.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define i64 @unaligned(
; CHECK-NEXT: %v = call i64 @__ame_load_8(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr %p, i32 1065353216, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_store_2(ptr %tx, ptr %p, i16 7, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: ret i64 %v
define i64 @unaligned(ptr %tx, ptr %p) "ame-tx-clone" {
  %v = load i64, ptr %p, align 1
  store float 1.0, ptr %p, align 1
  store i16 7, ptr %p, align 1
  ret i64 %v
}
