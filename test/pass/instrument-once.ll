; Running ame-instrument twice (e.g. the plugin loaded again at LTO link time) leaves already-instrumented functions alone.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument,ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define i32 @f.ame.tx(
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: ret i32 %v
; CHECK: attributes #0 = { "ame-instrumented" "ame-tx-clone" }
define i32 @f.ame.tx(ptr %tx, ptr %p) "ame-tx-clone" {
  %v = load i32, ptr %p
  ret i32 %v
}
