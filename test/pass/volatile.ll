; Volatile loads and stores inside a transaction are instrumented like plain ones.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define i32 @vol(
; CHECK-NOT: load volatile
; CHECK: %v = call i32 @__ame_load_for_write_4(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr %p, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NOT: store volatile
; CHECK: ret i32 %v
define i32 @vol(ptr %tx, ptr %p) "ame-tx-clone" {
  %v = load volatile i32, ptr %p, align 4
  store volatile i32 1, ptr %p, align 4
  ret i32 %v
}
