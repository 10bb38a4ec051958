; A load from an internal global that no transactional function stores to, and whose address goes only to loads and stores, needs no barrier: only plain code outside blocks writes it. A store in a transactional function (directly, through a GEP, or in the public clone of an external function, which another module's block may call), an address that escapes (to a call, into memory), external linkage and an atomic store keep the barrier; -ame-skip-unwritten-globals=false keeps them all.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-inline-fastpath=false -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-skip-unwritten-globals=false -S %s | FileCheck %s --check-prefix=ALL
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-analysis=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@config = internal global ptr null
@table = internal global [8 x i64] zeroinitializer
@counter = internal global i64 0
@slots = internal global [8 x i64] zeroinitializer
@passed = internal global i64 0
@kept = internal global i64 0
@exported = global i64 0
@published = internal global i64 0
@setbyapi = internal global i64 0

declare void @use(ptr)

; Plain code: its stores do not count (internal, so it has no clone).
define internal void @setup(ptr %p, ptr %slot) {
  store ptr %p, ptr @config
  %e = getelementptr [8 x i64], ptr @table, i64 0, i64 3
  store i64 7, ptr %e
  store i64 1, ptr @exported
  call void @use(ptr @passed)
  store ptr @kept, ptr %slot
  store atomic i64 1, ptr @published release, align 8
  ret void
}

; An external function has a public clone, whose store is a transaction's.
define void @set_by_api(i64 %v) {
  store i64 %v, ptr @setbyapi
  ret void
}

; CHECK-LABEL: define i64 @reads(
; CHECK-NEXT: %c = load ptr, ptr @config
; CHECK-NEXT: %e = getelementptr [8 x i64], ptr @table, i64 0, i64 %i
; CHECK-NEXT: %t = load i64, ptr %e
; CHECK-NEXT: %n = call i64 @__ame_load_for_write_8(ptr %tx, ptr @counter
; CHECK: %s = call i64 @__ame_load_8(ptr %tx, ptr %se
; CHECK: %p = call i64 @__ame_load_8(ptr %tx, ptr @passed
; CHECK: %k = call i64 @__ame_load_8(ptr %tx, ptr @kept
; CHECK: %x = call i64 @__ame_load_8(ptr %tx, ptr @exported
; CHECK: %b = call i64 @__ame_load_8(ptr %tx, ptr @published
; CHECK: %a = call i64 @__ame_load_8(ptr %tx, ptr @setbyapi
; ALL-LABEL: define i64 @reads(
; ALL: call i64 @__ame_load_8(ptr %tx, ptr @config
; ALL: %t = call i64 @__ame_load_8(ptr %tx, ptr %e
; REMARK-DAG: load from config is not instrumented: no atomic block writes it
; REMARK-DAG: load from table is not instrumented: no atomic block writes it
; REMARK-NOT: load from {{counter|slots|passed|kept|exported|published|setbyapi}} is not
define i64 @reads(ptr %tx, i64 %i) "ame-tx-clone" {
  %c = load ptr, ptr @config
  %e = getelementptr [8 x i64], ptr @table, i64 0, i64 %i
  %t = load i64, ptr %e
  %n = load i64, ptr @counter
  %n1 = add i64 %n, 1
  store i64 %n1, ptr @counter
  %se = getelementptr [8 x i64], ptr @slots, i64 0, i64 %i
  %s = load i64, ptr %se
  %p = load i64, ptr @passed
  %k = load i64, ptr @kept
  %x = load i64, ptr @exported
  %b = load i64, ptr @published
  %a = load i64, ptr @setbyapi
  %r1 = add i64 %t, %s
  %r2 = add i64 %r1, %p
  %r3 = add i64 %r2, %k
  %r4 = add i64 %r3, %x
  %r5 = add i64 %r4, %b
  %r6 = add i64 %r5, %a
  ret i64 %r6
}

; A store through a GEP in a transactional function writes @slots.
define void @fill(ptr %tx, i64 %i) "ame-tx-clone" {
  %e = getelementptr [8 x i64], ptr @slots, i64 0, i64 %i
  store i64 %i, ptr %e
  ret void
}
