; Inside transactional code, a call __ame_run(site, thunk, ctx) of a region thunk becomes a direct call thunk(tx, ctx): the inner region joins the running transaction.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"
@site = private constant { ptr, ptr, i32, i32, ptr } zeroinitializer

; CHECK-LABEL: define i32 @outer.ame.region(
; CHECK-NEXT: %[[R:.*]] = call i32 @inner.ame.region(ptr %tx, ptr %ctx)
; CHECK-NOT: __ame_run
; CHECK: ret i32 %[[R]]
define i32 @outer.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %r = call i32 @__ame_run(ptr @site, ptr @inner.ame.region, ptr %ctx)
  ret i32 %r
}

define internal i32 @inner.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  ret i32 0
}

; Outside transactions __ame_run stays.
; CHECK-LABEL: define i32 @plain(
; CHECK-NEXT: call i32 @__ame_run(ptr @site, ptr @inner.ame.region, ptr %ctx)
define i32 @plain(ptr %ctx) {
  %r = call i32 @__ame_run(ptr @site, ptr @inner.ame.region, ptr %ctx)
  ret i32 %r
}

declare i32 @__ame_run(ptr, ptr, ptr)
