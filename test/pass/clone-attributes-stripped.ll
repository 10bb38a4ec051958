; A clone and the calls to it lose the attributes instrumentation makes false (memory effects, nosync, nofree, willreturn, readonly/nocapture parameters); the original keeps them.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define i32 @root.ame.region(
; CHECK-NEXT: %r = call i32 @get.ame.tx(ptr %tx, ptr %p) #[[CALL:[0-9]+]]
define i32 @root.ame.region(ptr %tx, ptr %p) "ame-tx-clone" {
  %r = call i32 @get(ptr nocapture readonly %p) #0
  ret i32 %r
}

; CHECK-LABEL: define i32 @get(
; CHECK-SAME: ptr nocapture readonly %p) #[[ORIG:[0-9]+]]
define i32 @get(ptr nocapture readonly %p) #0 {
  %v = load i32, ptr %p
  ret i32 %v
}
; CHECK-LABEL: define i32 @get.ame.tx(
; CHECK-SAME: ptr %tx, ptr %p) #[[CLONE:[0-9]+]]
; CHECK-DAG: attributes #[[ORIG]] = { nofree norecurse nosync nounwind willreturn memory(argmem: read) }
; CHECK-DAG: attributes #[[CLONE]] = { norecurse nounwind "ame-instrumented" "ame-tx-clone" }
; CHECK-DAG: attributes #[[CALL]] = { norecurse nounwind }
attributes #0 = { nofree norecurse nosync nounwind willreturn memory(argmem: read) }
