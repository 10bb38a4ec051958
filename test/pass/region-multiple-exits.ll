; A region with several end markers (exits) gets a thunk returning the exit index; the caller truncates __ame_run's result and branches on it.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-regions -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@tag = private constant [11 x i8] c"ame.atomic\00", section "llvm.metadata"
@file = private constant [6 x i8] c"x.c\00\00\00", section "llvm.metadata"
@g = global i32 0

; CHECK-LABEL: define i32 @two_exits(
; CHECK-NOT: %tok = alloca
; CHECK: [[R:%.*]] = call i32 @__ame_run(ptr @.ame.site, ptr @two_exits.ame.region, ptr %structArg)
; CHECK-NEXT: [[E:%.*]] = trunc i32 [[R]] to i1
; CHECK-NEXT: br i1 [[E]]
; CHECK-NOT: __ame_atomic_end
; CHECK-NOT: llvm.var.annotation
; CHECK: ret i32 2
define i32 @two_exits(i32 %x) {
entry:
  %tok = alloca i32
  call void @llvm.var.annotation.p0.p0(ptr %tok, ptr @tag, ptr @file, i32 7, ptr null)
  %v = load i32, ptr @g
  %c = icmp eq i32 %v, %x
  br i1 %c, label %a, label %b
a:
  call void @__ame_atomic_end(ptr %tok)
  ret i32 1
b:
  store i32 %x, ptr @g
  call void @__ame_atomic_end(ptr %tok)
  ret i32 2
}

; CHECK-LABEL: define internal i32 @two_exits.ame.region(ptr %tx, ptr %ctx)
; CHECK-SAME: #[[A:[0-9]+]]
; CHECK-DAG: ret i32 0
; CHECK-DAG: ret i32 1
; CHECK: attributes #[[A]] = { "ame-tx-clone" }

declare void @llvm.var.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)
declare void @__ame_atomic_end(ptr)
