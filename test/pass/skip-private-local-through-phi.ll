; A non-escaping local reached through a phi or a select (a loop that walks a
; local array with a pointer it advances, as optimized code does) is private
; like the local itself; when any of the values the phi merges may point
; elsewhere (an escaping local, a global), the access keeps its barrier.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global [16 x i64] zeroinitializer
declare void @escape(ptr) memory(none)

; CHECK-LABEL: define i64 @walk_local(
; CHECK-NOT: call {{.*}}@__ame_
; CHECK: ret i64
define i64 @walk_local(ptr %tx, i64 %n) "ame-tx-clone" {
entry:
  %a = alloca [16 x i64]
  br label %loop
loop:
  %p = phi ptr [ %a, %entry ], [ %next, %loop ]
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  store i64 %i, ptr %p
  %v = load i64, ptr %p
  %next = getelementptr i64, ptr %p, i64 1
  %i1 = add i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %v
}

; CHECK-LABEL: define i64 @select_two_locals(
; CHECK-NOT: call {{.*}}@__ame_
; CHECK: ret i64
define i64 @select_two_locals(ptr %tx, i1 %c) "ame-tx-clone" {
  %a = alloca i64
  %b = alloca i64
  %p = select i1 %c, ptr %a, ptr %b
  store i64 1, ptr %p
  %v = load i64, ptr %p
  ret i64 %v
}

; CHECK-LABEL: define i64 @local_or_global(
; CHECK: call void @__ame_store_8(ptr %tx, ptr %p,
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr %p,
define i64 @local_or_global(ptr %tx, i1 %c) "ame-tx-clone" {
  %a = alloca i64
  %p = select i1 %c, ptr %a, ptr @g
  store i64 1, ptr %p
  call void @use()
  %v = load i64, ptr %p
  ret i64 %v
}

; CHECK-LABEL: define i64 @local_or_escaping_local(
; CHECK: call void @__ame_store_8(ptr %tx, ptr %p,
define i64 @local_or_escaping_local(ptr %tx, i1 %c) "ame-tx-clone" {
  %a = alloca i64
  %b = alloca i64
  call void @escape(ptr %b)
  %p = select i1 %c, ptr %a, ptr %b
  store i64 1, ptr %p
  %v = load i64, ptr %a
  ret i64 %v
}

declare void @use() memory(none)
