; printf-family calls with a constant format lock what its conversions read or write: %s a string (or, with a precision, that many bytes), %n the integer its length modifier says; other conversions, %% and * widths take arguments by value; a literal %s argument needs no lock.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@lit = private unnamed_addr constant [6 x i8] c"hello\00"
@fmt = private unnamed_addr constant [31 x i8] c"%s %d %.5s %hhn %ln %% %*d %n\0A\00"
@fmt.s = private unnamed_addr constant [3 x i8] c"%s\00"

; CHECK-DAG: [[PRINTF:@.*]] = private unnamed_addr constant [7 x i8] c"printf\00"
; CHECK-DAG: [[SITE:@[^ ]*]] = private constant { ptr, ptr, i32, i32, ptr, i32 } { ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 0, i32 0, ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[PRINTF]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 -2147483647 }

; CHECK-LABEL: define void @formats(
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr [[SITE]])
; CHECK-NEXT: call void @__ame_lock_string(ptr %tx, ptr %s, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %s2, i64 5, i32 0, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %c1, i64 1, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %c8, i64 8, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %c4, i64 4, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i32 (ptr, ...) @printf(
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call i32 (ptr, ptr, ...) @fprintf(ptr %f, ptr @fmt.s, ptr @lit)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call void @__ame_lock_string(ptr %tx, ptr %s, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i32 (ptr, i32, ptr, ...) @__fprintf_chk(ptr %f, i32 1, ptr @fmt.s, ptr %s)
; CHECK-NEXT: ret void
define void @formats(ptr %tx, ptr %f, ptr %s, ptr %s2, ptr %c1, ptr %c8, ptr %c4) "ame-tx-clone" {
  call i32 (ptr, ...) @printf(ptr @fmt, ptr %s, i32 1, ptr %s2, ptr %c1, ptr %c8, i32 3, i32 4, ptr %c4)
  call i32 (ptr, ptr, ...) @fprintf(ptr %f, ptr @fmt.s, ptr @lit)
  call i32 (ptr, i32, ptr, ...) @__fprintf_chk(ptr %f, i32 1, ptr @fmt.s, ptr %s)
  ret void
}

declare i32 @printf(ptr, ...)
declare i32 @fprintf(ptr, ptr, ...)
declare i32 @__fprintf_chk(ptr, i32, ptr, ...)
