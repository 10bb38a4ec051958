; A block nothing branches to that branches into a region (what clang emits for the increment of a loop whose body ends in `return`) is not a second entry: the region is outlined.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-regions -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@tag = private constant [11 x i8] c"ame.atomic\00", section "llvm.metadata"
@file = private constant [4 x i8] c"r.c\00", section "llvm.metadata"
@x = global i32 0

; CHECK-LABEL: define i32 @f(
; CHECK: call i32 @__ame_run(
; CHECK-NOT: store i32 0, ptr
; CHECK: ret i32
; CHECK-LABEL: define internal i32 @f.ame.region(
; CHECK: store i32 {{%.*}}, ptr @x
define i32 @f() {
entry:
  %ret = alloca i32
  %tok = alloca i32
  %dest = alloca i32
  call void @llvm.var.annotation.p0.p0(ptr %tok, ptr @tag, ptr @file, i32 4, ptr null)
  store i32 1, ptr %tok
  br label %cond

cond:
  %t = load i32, ptr %tok
  %c = icmp ne i32 %t, 0
  br i1 %c, label %body, label %done

done:
  store i32 2, ptr %dest
  br label %cleanup

body:
  %v = load i32, ptr @x
  %inc = add nsw i32 %v, 1
  store i32 %inc, ptr @x
  store i32 %v, ptr %ret
  store i32 1, ptr %dest
  br label %cleanup

dead.increment:
  store i32 0, ptr %tok
  br label %cond

cleanup:
  call void @__ame_atomic_end(ptr %tok)
  %d = load i32, ptr %dest
  switch i32 %d, label %unreach [
    i32 2, label %exit
    i32 1, label %exit
  ]

exit:
  %r = load i32, ptr %ret
  ret i32 %r

unreach:
  unreachable
}

declare void @llvm.var.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)
declare void @__ame_atomic_end(ptr)
