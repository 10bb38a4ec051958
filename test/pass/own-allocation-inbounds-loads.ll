; A load through a pointer that only inbounds GEPs (through phis and selects)
; derive from a block the same execution of the function allocated lies
; inside the block, or the program's behaviour is undefined: it runs plainly,
; without a barrier and without a range check. A store through the same
; pointer keeps its check (a doomed attempt must never store plainly outside
; the block). A GEP without inbounds, a pointer that went through memory, a
; call between allocation and load that may free the block, and a block of
; an earlier transaction keep what they had; so does everything with
; -ame-skip-own-allocation-ranges=false.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-analysis=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-skip-own-allocation-ranges=false -S %s | FileCheck %s --check-prefix=OFF
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global ptr null

declare ptr @__ame_malloc(ptr, i64)
declare void @__ame_free(ptr, ptr)
declare void @other()

; REMARK: remark: <unknown>:0:0: load from memory this transaction allocated, through inbounds offsets only, runs without a barrier or a check
; CHECK-LABEL: define i32 @load_and_store(
; CHECK: %ame.in.block = icmp ult
; CHECK: store i32 7, ptr %a
; CHECK: call void @__ame_store_4(ptr %tx, ptr %a, i32 7,
; CHECK: %v = load i32, ptr %b
; CHECK-NEXT: ret i32 %v
; OFF-LABEL: define i32 @load_and_store(
; OFF: call void @__ame_store_4(
; OFF: call i32 @__ame_load_4(
define i32 @load_and_store(ptr %tx, i64 %n, i64 %i, i64 %j) "ame-tx-clone" {
  %bytes = shl i64 %n, 2
  %p = call ptr @__ame_malloc(ptr %tx, i64 %bytes)
  %a = getelementptr inbounds i32, ptr %p, i64 %i
  store i32 7, ptr %a
  %b = getelementptr inbounds i32, ptr %p, i64 %j
  %v = load i32, ptr %b
  ret i32 %v
}

; A loop walking the block through a phi and a select of two offsets.
; CHECK-LABEL: define i64 @walk(
; CHECK: loop:
; CHECK-NOT: ame.in.block
; CHECK-NOT: @__ame_load
; CHECK: %x = load i64, ptr %r
; CHECK-NOT: @__ame_load
; CHECK: ret i64
define i64 @walk(ptr %tx, i64 %n, i1 %c) "ame-tx-clone" {
entry:
  %bytes = shl i64 %n, 3
  %p = call ptr @__ame_malloc(ptr %tx, i64 %bytes)
  %p1 = getelementptr inbounds i64, ptr %p, i64 1
  %start = select i1 %c, ptr %p, ptr %p1
  br label %loop
loop:
  %q = phi ptr [ %start, %entry ], [ %next, %loop ]
  %s = phi i64 [ 0, %entry ], [ %s1, %loop ]
  %r = getelementptr inbounds i64, ptr %q, i64 2
  %x = load i64, ptr %r
  %s1 = add i64 %s, %x
  %next = getelementptr inbounds i64, ptr %q, i64 1
  %done = icmp eq i64 %x, 0
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %s1
}

; Without inbounds the offset may leave the block: the check stays.
; CHECK-LABEL: define i32 @not_inbounds(
; CHECK: %ame.in.block = icmp ult
; CHECK: load i32, ptr %a
; CHECK: call i32 @__ame_load_4(ptr %tx, ptr %a,
define i32 @not_inbounds(ptr %tx, i64 %n, i64 %i) "ame-tx-clone" {
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  %a = getelementptr i32, ptr %p, i64 %i
  %v = load i32, ptr %a
  ret i32 %v
}

; One inbounds step, then one that is not: the check stays.
; CHECK-LABEL: define i32 @mixed_steps(
; CHECK: %ame.in.block = icmp ult
; CHECK: call i32 @__ame_load_4(ptr %tx, ptr %b,
define i32 @mixed_steps(ptr %tx, i64 %n, i64 %i) "ame-tx-clone" {
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  %a = getelementptr inbounds i8, ptr %p, i64 %i
  %b = getelementptr i8, ptr %a, i64 %i
  %v = load i32, ptr %b
  ret i32 %v
}

; The pointer escapes and comes back through memory.
; CHECK-LABEL: define i8 @escapes_and_comes_back(
; CHECK-NOT: ame.in.block
; CHECK: call i8 @__ame_load_1(ptr %tx, ptr %a,
define i8 @escapes_and_comes_back(ptr %tx, i64 %n, i64 %i) "ame-tx-clone" {
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  store ptr %p, ptr @g
  call void @other()
  %q = load ptr, ptr @g
  %a = getelementptr inbounds i8, ptr %q, i64 %i
  %v = load i8, ptr %a
  ret i8 %v
}

; A call between allocation and load may free the block.
; CHECK-LABEL: define i8 @call_between(
; CHECK-NOT: ame.in.block
; CHECK: call i8 @__ame_load_1(ptr %tx, ptr %a,
define i8 @call_between(ptr %tx, i64 %n, i64 %i) "ame-tx-clone" {
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  store ptr %p, ptr @g
  call void @other()
  %a = getelementptr inbounds i8, ptr %p, i64 %i
  %v = load i8, ptr %a
  ret i8 %v
}

; The previous iteration's free reaches the load.
; CHECK-LABEL: define void @freed_in_loop(
; CHECK: call i8 @__ame_load_1(ptr %tx, ptr %a,
; CHECK: call void @__ame_free(
define void @freed_in_loop(ptr %tx, i64 %n, i64 %i) "ame-tx-clone" {
entry:
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  br label %loop
loop:
  %a = getelementptr inbounds i8, ptr %p, i64 %i
  %v = load volatile i8, ptr %a
  call void @__ame_free(ptr %tx, ptr %p)
  br label %loop
}

; Allocated by an earlier transaction: no allocation call in this function.
; CHECK-LABEL: define i8 @previous_transaction(
; CHECK: call i8 @__ame_load_1(ptr %tx, ptr %a,
define i8 @previous_transaction(ptr %tx, i64 %i) "ame-tx-clone" {
  %q = load ptr, ptr @g
  %a = getelementptr inbounds i8, ptr %q, i64 %i
  %v = load i8, ptr %a
  ret i8 %v
}
