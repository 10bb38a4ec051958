; A function gets a transactional clone only if none of its label addresses can leave it: returned, stored to a global or through a pointer, passed to a call, or a label table that is written or whose address escapes all mean no clone (a missed remark each); labels kept in local slots, copied between them, compared, or used through offsets from a read-only table keep the clone.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-missed=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@saved = global ptr null
@written.tbl = internal global [1 x ptr] [ptr blockaddress(@written, %l)]
@exported.tbl = internal global [1 x ptr] [ptr blockaddress(@exported, %l)]

declare void @take(ptr)

; REMARK-DAG: no transactional clone of returned:
; CHECK-NOT: define {{.*}}@returned.ame.tx(
define ptr @returned() {
  ret ptr blockaddress(@returned, %l)
l:
  ret ptr null
}

; REMARK-DAG: no transactional clone of stored:
define void @stored() {
  store ptr blockaddress(@stored, %l), ptr @saved
  ret void
l:
  ret void
}

; REMARK-DAG: no transactional clone of passed:
define void @passed() {
  call void @take(ptr blockaddress(@passed, %l))
  ret void
l:
  ret void
}

; Through a local slot whose address escapes.
; REMARK-DAG: no transactional clone of slot_escapes:
define void @slot_escapes() {
  %s = alloca ptr
  store ptr blockaddress(@slot_escapes, %l), ptr %s
  call void @take(ptr %s)
  %d = load ptr, ptr %s
  indirectbr ptr %d, [label %l]
l:
  ret void
}

; REMARK-DAG: no transactional clone of written:
define void @written(i64 %i) {
  store ptr null, ptr @written.tbl
  %d = load ptr, ptr @written.tbl
  indirectbr ptr %d, [label %l]
l:
  ret void
}

; REMARK-DAG: no transactional clone of exported:
define void @exported() {
  store ptr @exported.tbl, ptr @saved
  %d = load ptr, ptr @exported.tbl
  indirectbr ptr %d, [label %l]
l:
  ret void
}

; Slots, copies between them, comparisons: a clone.
; CHECK-LABEL: define void @kept.ame.tx(
; CHECK: store ptr blockaddress(@kept.ame.tx, %l), ptr %a
; CHECK: icmp eq ptr %d, blockaddress(@kept.ame.tx, %m)
; CHECK: indirectbr ptr %d, [label %l, label %m]
define void @kept() {
  %a = alloca ptr
  %b = alloca ptr
  call void @llvm.lifetime.start.p0(i64 8, ptr %a)
  store ptr blockaddress(@kept, %l), ptr %a
  call void @llvm.memcpy.p0.p0.i64(ptr %b, ptr %a, i64 8, i1 false)
  %d = load ptr, ptr %b
  %same = icmp eq ptr %d, blockaddress(@kept, %m)
  call void @llvm.lifetime.end.p0(i64 8, ptr %a)
  indirectbr ptr %d, [label %l, label %m]
l:
  ret void
m:
  ret void
}

; REMARK-NOT: no transactional clone of kept

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)
