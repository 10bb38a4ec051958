; A known printf-family call whose memory accesses the pass cannot bound (format not a constant, %ls, a %s precision taken from an argument, numbered arguments, too few arguments, a va_list) runs in serial mode: site kind 0, no lock calls, and a remark saying why.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-missed=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@wide = private unnamed_addr constant [4 x i8] c"%ls\00"
@star = private unnamed_addr constant [5 x i8] c"%.*s\00"
@numbered = private unnamed_addr constant [5 x i8] c"%1$s\00"
@two = private unnamed_addr constant [5 x i8] c"%s%s\00"

; CHECK-DAG: [[PRINTF:@.*]] = private unnamed_addr constant [7 x i8] c"printf\00"
; CHECK-DAG: [[SITE:@[^ ]*]] = private constant { ptr, ptr, i32, i32, ptr, i32 } { ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 0, i32 0, ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[PRINTF]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 -2147483648 }
; CHECK-DAG: [[VPRINTF:@.*]] = private unnamed_addr constant [8 x i8] c"vprintf\00"
; CHECK-DAG: [[VSITE:@[^ ]*]] = private constant { ptr, ptr, i32, i32, ptr, i32 } { ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 0, i32 0, ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[VPRINTF]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 -2147483648 }

; CHECK-LABEL: define void @unbounded(
; CHECK-NOT: __ame_lock
; CHECK: call void @__ame_irrevocable_v2(ptr %tx, ptr [[SITE]])
; CHECK-NEXT: call i32 (ptr, ...) @printf(ptr %fmt, ptr %s)
; CHECK-NOT: __ame_lock
; CHECK: call void @__ame_irrevocable_v2(ptr %tx, ptr [[VSITE]])
; CHECK-NEXT: call i32 @vprintf(ptr @wide, ptr %ap)
; CHECK-NOT: __ame_lock
; CHECK: ret void
; REMARK: remark: <unknown>:0:0: call to printf cannot be bounded (its format string is not a constant): the transaction runs alone from here (serial mode)
; REMARK: call to printf cannot be bounded (its format prints a wide string (%ls))
; REMARK: call to printf cannot be bounded (its format takes a %s precision from an argument)
; REMARK: call to printf cannot be bounded (its format numbers its arguments)
; REMARK: call to printf cannot be bounded (its format needs arguments the call does not pass)
; REMARK: call to vprintf cannot be bounded (its arguments come in a va_list)
define void @unbounded(ptr %tx, ptr %fmt, ptr %s, ptr %ws, ptr %ap) "ame-tx-clone" {
  call i32 (ptr, ...) @printf(ptr %fmt, ptr %s)
  call i32 (ptr, ...) @printf(ptr @wide, ptr %ws)
  call i32 (ptr, ...) @printf(ptr @star, i32 3, ptr %s)
  call i32 (ptr, ...) @printf(ptr @numbered, ptr %s)
  call i32 (ptr, ...) @printf(ptr @two, ptr %s)
  call i32 @vprintf(ptr @wide, ptr %ap)
  ret void
}

declare i32 @printf(ptr, ...)
declare i32 @vprintf(ptr, ptr)
