; A call to a function of another module (not a library function) tries that module's public clone <name>.ame.tx, referenced extern_weak: with tx when it exists, else after __ame_irrevocable_v2. Library functions go straight to __ame_irrevocable_v2.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define i64 @f.ame.region(
; CHECK-NEXT: [[HAS:%.*]] = icmp ne ptr @other_add.ame.tx, null
; CHECK-NEXT: br i1 [[HAS]], label %[[TX:.*]], label %[[IRR:.*]]
; CHECK: [[TX]]:
; CHECK-NEXT: [[R1:%.*]] = call i64 @other_add.ame.tx(ptr %tx, i64 %n)
; CHECK: [[IRR]]:
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr @{{.*}})
; CHECK-NEXT: [[R2:%.*]] = call i64 @other_add(i64 %n)
; CHECK: %r = phi i64 [ [[R1]], %[[TX]] ], [ [[R2]], %[[IRR]] ]
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr @{{.*}})
; CHECK-NEXT: {{%.*}} = call i32 @system(ptr %s)
; CHECK-NEXT: ret i64 %r
define i64 @f.ame.region(ptr %tx, i64 %n, ptr %s) "ame-tx-clone" {
  %r = call i64 @other_add(i64 %n)
  call i32 @system(ptr %s)
  ret i64 %r
}

; CHECK: declare extern_weak i64 @other_add.ame.tx(ptr, i64)
; CHECK-NOT: system.ame.tx
declare i64 @other_add(i64)
declare i32 @system(ptr)
