; An indirect call inside a transaction is preceded by __ame_irrevocable with the detail "indirect call".
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK: [[D:@.*]] = private unnamed_addr constant [14 x i8] c"indirect call\00"
; CHECK: [[SITE:@.*]] = private constant { ptr, ptr, i32, i32, ptr } { ptr @{{.*}}, ptr @{{.*}}, i32 0, i32 0, ptr [[D]] }
; CHECK-LABEL: define i32 @ind(
; CHECK-NEXT: call void @__ame_irrevocable(ptr %tx, ptr [[SITE]])
; CHECK-NEXT: %r = call i32 %fp(i32 1)
; CHECK-NEXT: ret i32 %r
define i32 @ind(ptr %tx, ptr %fp) "ame-tx-clone" {
  %r = call i32 %fp(i32 1)
  ret i32 %r
}
