; A branch from outside into the middle of an atomic region (a second entry; clang already rejects a C goto into the block) is a compile-time error located at the region's file:line (no debug info).
; RUN: not %opt -load-pass-plugin=%plugin -passes=ame-regions -disable-output %s 2>&1 | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@tag = private constant [11 x i8] c"ame.atomic\00", section "llvm.metadata"
@file = private constant [4 x i8] c"j.c\00", section "llvm.metadata"
@g = global i32 0

; CHECK: error: j.c:3:0: in function f {{.*}}AME: atomic region cannot be outlined (a jump into the block?)
define void @f(i1 %x) {
entry:
  %tok = alloca i32
  br i1 %x, label %inside, label %start
start:
  call void @llvm.var.annotation.p0.p0(ptr %tok, ptr @tag, ptr @file, i32 3, ptr null)
  store i32 1, ptr @g
  br label %inside
inside:
  store i32 2, ptr @g
  call void @__ame_atomic_end(ptr %tok)
  ret void
}

declare void @llvm.var.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)
declare void @__ame_atomic_end(ptr)
