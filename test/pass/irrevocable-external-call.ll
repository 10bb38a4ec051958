; A call to an external function the pass knows nothing about is preceded by __ame_irrevocable_v2(tx, site) whose site names the callee and has kind 0 (serial mode), with no lock calls; declarations without memory access and the AME runtime are called as they are.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-missed=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-DAG: [[NAME:@.*]] = private unnamed_addr constant [7 x i8] c"system\00"
; CHECK-DAG: [[FN:@.*]] = private unnamed_addr constant [4 x i8] c"ext\00"
; CHECK-DAG: [[EMPTY:@.*]] = private unnamed_addr constant [1 x i8] zeroinitializer
; CHECK-DAG: [[SITE:@[^ ]*]] = private constant { ptr, ptr, i32, i32, ptr, i32 } { ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[EMPTY]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[FN]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 0, i32 0, ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[NAME]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 -2147483648 }

; CHECK-LABEL: define void @ext(
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr [[SITE]])
; CHECK-NEXT: %r = call i32 @system(ptr %s)
; CHECK-NEXT: %q = call double @sqrt(double 2.000000e+00)
; CHECK-NEXT: %t = call i32 @ame_in_transaction()
; CHECK-NEXT: ret void
; REMARK: remark: <unknown>:0:0: call to system cannot be instrumented: the transaction runs alone from here (serial mode)
; REMARK-NOT: sqrt
; REMARK-NOT: ame_in_transaction
define void @ext(ptr %tx, ptr %s) "ame-tx-clone" {
  %r = call i32 @system(ptr %s)
  %q = call double @sqrt(double 2.0)
  %t = call i32 @ame_in_transaction()
  ret void
}

declare i32 @system(ptr)
declare double @sqrt(double) memory(none)
declare i32 @ame_in_transaction()
