; The transactional clone of a function using computed goto jumps only to its own labels: blockaddresses in its instructions name the clone, and each label table only the function reads (a static table, a table of label differences) is copied with the clone's labels, while the original keeps its table.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global i64 0
; A writable static table that nothing writes (clang -O0 keeps it writable).
@interp.dispatch = internal global [2 x ptr] [ptr blockaddress(@interp, %inc), ptr blockaddress(@interp, %done)]
@offsets.delta = internal constant [2 x i32] [i32 trunc (i64 sub (i64 ptrtoint (ptr blockaddress(@offsets, %one) to i64), i64 ptrtoint (ptr blockaddress(@offsets, %one) to i64)) to i32), i32 trunc (i64 sub (i64 ptrtoint (ptr blockaddress(@offsets, %two) to i64), i64 ptrtoint (ptr blockaddress(@offsets, %one) to i64)) to i32)]

; The original tables are unchanged; the copies are constant and name the clones.
; CHECK: @interp.dispatch = internal global [2 x ptr] [ptr blockaddress(@interp, %inc), ptr blockaddress(@interp, %done)]
; CHECK: @offsets.delta = internal constant [2 x i32] [i32 trunc (i64 sub (i64 ptrtoint (ptr blockaddress(@offsets, %one) to i64), i64 ptrtoint (ptr blockaddress(@offsets, %one) to i64)) to i32), i32 trunc (i64 sub (i64 ptrtoint (ptr blockaddress(@offsets, %two) to i64), i64 ptrtoint (ptr blockaddress(@offsets, %one) to i64)) to i32)]
; CHECK-DAG: @interp.dispatch.ame.tx = private constant [2 x ptr] [ptr blockaddress(@interp.ame.tx, %inc), ptr blockaddress(@interp.ame.tx, %done)]
; CHECK-DAG: @offsets.delta.ame.tx = private constant [2 x i32] [i32 trunc (i64 sub (i64 ptrtoint (ptr blockaddress(@offsets.ame.tx, %one) to i64), i64 ptrtoint (ptr blockaddress(@offsets.ame.tx, %one) to i64)) to i32), i32 trunc (i64 sub (i64 ptrtoint (ptr blockaddress(@offsets.ame.tx, %two) to i64), i64 ptrtoint (ptr blockaddress(@offsets.ame.tx, %one) to i64)) to i32)]

define i32 @root.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %a = call i64 @interp(ptr %ctx)
  %b = call i64 @offsets(i64 1)
  %c = call i64 @slot()
  ret i32 0
}

; CHECK-LABEL: define internal i64 @interp(
; CHECK: getelementptr [2 x ptr], ptr @interp.dispatch,
define internal i64 @interp(ptr %code) {
entry:
  br label %next
next:
  %pc = phi ptr [ %code, %entry ], [ %pc1, %inc ]
  %acc = phi i64 [ 0, %entry ], [ %acc1, %inc ]
  %op = load i8, ptr %pc
  %pc1 = getelementptr i8, ptr %pc, i64 1
  %idx = zext i8 %op to i64
  %slot = getelementptr [2 x ptr], ptr @interp.dispatch, i64 0, i64 %idx
  %dest = load ptr, ptr %slot
  indirectbr ptr %dest, [label %inc, label %done]
inc:
  %acc1 = add i64 %acc, 1
  br label %next
done:
  ret i64 %acc
}

; CHECK-LABEL: define internal i64 @offsets(
; CHECK: getelementptr [2 x i32], ptr @offsets.delta,
; CHECK: getelementptr i8, ptr blockaddress(@offsets, %one),
define internal i64 @offsets(i64 %which) {
entry:
  %p = getelementptr [2 x i32], ptr @offsets.delta, i64 0, i64 %which
  %d = load i32, ptr %p
  %d64 = sext i32 %d to i64
  %dest = getelementptr i8, ptr blockaddress(@offsets, %one), i64 %d64
  indirectbr ptr %dest, [label %one, label %two]
one:
  store i64 1, ptr @g
  br label %two
two:
  ret i64 0
}

; A label kept in a local slot (clang -O0's shape).
; CHECK-LABEL: define internal i64 @slot(
; CHECK: store ptr blockaddress(@slot, %done), ptr %next
define internal i64 @slot() {
entry:
  %next = alloca ptr
  store ptr blockaddress(@slot, %done), ptr %next
  %dest = load ptr, ptr %next
  indirectbr ptr %dest, [label %done]
done:
  ret i64 0
}

; CHECK-LABEL: define internal i64 @interp.ame.tx(
; CHECK: getelementptr [2 x ptr], ptr @interp.dispatch.ame.tx,
; CHECK-NOT: @interp.dispatch,
; CHECK: indirectbr ptr %dest, [label %inc, label %done]

; CHECK-LABEL: define internal i64 @offsets.ame.tx(
; CHECK: getelementptr [2 x i32], ptr @offsets.delta.ame.tx,
; CHECK: getelementptr i8, ptr blockaddress(@offsets.ame.tx, %one),
; CHECK: indirectbr ptr %dest, [label %one, label %two]

; CHECK-LABEL: define internal i64 @slot.ame.tx(
; CHECK: store ptr blockaddress(@slot.ame.tx, %done), ptr %next
; CHECK: indirectbr
