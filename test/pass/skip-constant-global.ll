; Loads from constant globals are not instrumented (nobody can write them); loads from and stores to mutable globals are; -ame-skip-constant-globals=false instruments them all.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-skip-constant-globals=false -S %s | FileCheck %s --check-prefix=ALL
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-analysis=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"
@k = constant [4 x i32] [i32 1, i32 2, i32 3, i32 4]
@g = global i32 0

; CHECK-LABEL: define i32 @globals(
; CHECK-NEXT: %p = getelementptr [4 x i32], ptr @k, i64 0, i64 %i
; CHECK-NEXT: %a = load i32, ptr %p
; CHECK-NEXT: %b.slot = call ptr @__ame_open_for_write_4(ptr %tx, ptr @g, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %b = load i32, ptr %b.slot
; CHECK-NEXT: %s = add i32 %a, %b
; CHECK-NEXT: store i32 %s, ptr %b.slot
; CHECK-NEXT: ret i32 %s
; ALL-LABEL: define i32 @globals(
; ALL: %a = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; REMARK: remark: <unknown>:0:0: load from constant k is not instrumented
; REMARK-NOT: constant g
define i32 @globals(ptr %tx, i64 %i) "ame-tx-clone" {
  %p = getelementptr [4 x i32], ptr @k, i64 0, i64 %i
  %a = load i32, ptr %p
  %b = load i32, ptr @g
  %s = add i32 %a, %b
  store i32 %s, ptr @g
  ret i32 %s
}
