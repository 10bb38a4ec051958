; Vector loads/stores of 1-8 bytes use the integer barrier; vectors of other sizes that are not a multiple of 8 up to 64 bytes, and vectors of pointers of 1-8 bytes, go through load_bytes/store_bytes and a private temporary (16-64 bytes: load-store-split.ll). Each load alone: reads of one object sharing a barrier are object-reads.ll's.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-object-reads=false -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define void @vectors(
; CHECK-DAG: %[[T16:.*]] = alloca <3 x i32>
; CHECK-DAG: %[[TP:.*]] = alloca <1 x ptr>
; CHECK-DAG: %[[T3:.*]] = alloca <3 x i8>
; CHECK: [[A:%.*]] = call i64 @__ame_load_for_write_8(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %a = bitcast i64 [[A]] to <2 x i32>
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %[[T16]], ptr %p, i64 12, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %b = load <3 x i32>, ptr %[[T16]]
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %[[TP]], ptr %p, i64 8, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %c = load <1 x ptr>, ptr %[[TP]]
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %[[T3]], ptr %p, i64 3, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %d = load <3 x i8>, ptr %[[T3]]
; CHECK-NEXT: [[A2:%.*]] = bitcast <2 x i32> %a to i64
; CHECK-NEXT: call void @__ame_store_8(ptr %tx, ptr %p, i64 [[A2]], ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: store <3 x i32> %b, ptr %[[T16]]
; CHECK-NEXT: call void @__ame_store_bytes(ptr %tx, ptr %p, ptr %[[T16]], i64 12, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: ret void
define void @vectors(ptr %tx, ptr %p) "ame-tx-clone" {
  %a = load <2 x i32>, ptr %p
  %b = load <3 x i32>, ptr %p
  %c = load <1 x ptr>, ptr %p
  %d = load <3 x i8>, ptr %p
  store <2 x i32> %a, ptr %p
  store <3 x i32> %b, ptr %p
  ret void
}
