; Aggregates, x86_fp80 and integers whose size is not 1-8 bytes or a multiple of 8 up to 64 go through load_bytes/store_bytes with their store size (16-64-byte i128 etc.: load-store-split.ll). Each load alone: reads of one object sharing a barrier are object-reads.ll's.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-object-reads=false -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"
%pair = type { i32, i64 }

; CHECK-LABEL: define void @wide(
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %[[P:.*]], ptr %p, i64 16, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %a = load %pair, ptr %[[P]]
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %[[ARR:.*]], ptr %p, i64 6, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %b = load [3 x i16], ptr %[[ARR]]
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %[[I96:.*]], ptr %p, i64 12, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %c = load i96, ptr %[[I96]]
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %[[F80:.*]], ptr %p, i64 10, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %d = load x86_fp80, ptr %[[F80]]
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %[[I24:.*]], ptr %p, i64 3, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %e = load i24, ptr %[[I24]]
; CHECK-NEXT: store %pair %a, ptr %[[P]]
; CHECK-NEXT: call void @__ame_store_bytes(ptr %tx, ptr %p, ptr %[[P]], i64 16, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: store x86_fp80 %d, ptr %[[F80]]
; CHECK-NEXT: call void @__ame_store_bytes(ptr %tx, ptr %p, ptr %[[F80]], i64 10, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: store i96 %c, ptr %[[I96]]
; CHECK-NEXT: call void @__ame_store_bytes(ptr %tx, ptr %p, ptr %[[I96]], i64 12, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: ret void
define void @wide(ptr %tx, ptr %p) "ame-tx-clone" {
  %a = load %pair, ptr %p
  %b = load [3 x i16], ptr %p
  %c = load i96, ptr %p
  %d = load x86_fp80, ptr %p
  %e = load i24, ptr %p
  store %pair %a, ptr %p
  store x86_fp80 %d, ptr %p
  store i96 %c, ptr %p
  ret void
}
