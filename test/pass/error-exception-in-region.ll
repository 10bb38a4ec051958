; An invoke (exception handling) inside an atomic region is a compile-time error (not a crash) located at the region's file:line (no debug info).
; RUN: not %opt -load-pass-plugin=%plugin -passes=ame -disable-output %s 2>&1 | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@tag = private constant [11 x i8] c"ame.atomic\00", section "llvm.metadata"
@file = private constant [4 x i8] c"x.c\00", section "llvm.metadata"

; CHECK: error: x.c:12:0: in function f {{.*}}AME: exception handling is not supported inside an atomic region
define void @f() personality ptr @__gxx_personality_v0 {
entry:
  %tok = alloca i32
  call void @llvm.var.annotation.p0.p0(ptr %tok, ptr @tag, ptr @file, i32 12, ptr null)
  invoke void @may_throw() to label %ok unwind label %lp
ok:
  call void @__ame_atomic_end(ptr %tok)
  ret void
lp:
  %l = landingpad { ptr, i32 } cleanup
  call void @__ame_atomic_end(ptr %tok)
  resume { ptr, i32 } %l
}

declare void @may_throw()
declare i32 @__gxx_personality_v0(...)
declare void @llvm.var.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)
declare void @__ame_atomic_end(ptr)
