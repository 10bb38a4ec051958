; Accesses the runtime cannot take as a plain pointer and size (another address space, e.g. x86 %gs; a scalable vector) make the transaction inevitable and stay as they are.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK: [[AS:@.*]] = private unnamed_addr constant [18 x i8] c"address space 256\00"
; CHECK: [[SV:@.*]] = private unnamed_addr constant [16 x i8] c"scalable vector\00"
; CHECK-LABEL: define i32 @segment(
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr @{{.*}})
; CHECK-NEXT: %v = load i32, ptr addrspace(256) %p
; CHECK-NEXT: ret i32 %v
define i32 @segment(ptr %tx, ptr addrspace(256) %p) "ame-tx-clone" {
  %v = load i32, ptr addrspace(256) %p
  ret i32 %v
}

; CHECK-LABEL: define void @scalable(
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr @{{.*}})
; CHECK-NEXT: %v = load <vscale x 4 x i32>, ptr %p
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr @{{.*}})
; CHECK-NEXT: store <vscale x 4 x i32> %v, ptr %p
define void @scalable(ptr %tx, ptr %p) "ame-tx-clone" {
  %v = load <vscale x 4 x i32>, ptr %p
  store <vscale x 4 x i32> %v, ptr %p
  ret void
}
