; Loads from an internal global that no transactional function writes, and whose address goes only into loads and stores (through GEPs), are not instrumented where each attempt runs them at most once (a region thunk only __ame_run starts, outside cycles); in a loop, in a thunk that calls setjmp (a longjmp back repeats it), in a thunk a clone calls directly, and in a clone they keep their barriers (a doomed attempt must not spin on plain reads), and so does a global a transactional function writes (also through a constant GEP), one whose address is passed to a call or stored into memory (and comes back through a load), one used through a select, an external one, and volatile loads keep their barriers. -ame-skip-unwritten-globals=false instruments them all.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-skip-unwritten-globals=false -S %s | FileCheck %s --check-prefix=OFF
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-analysis=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@table = internal global [4 x i32] zeroinitializer
@size = internal global i64 0
@written = internal global i32 0
@cewritten = internal global [4 x i32] zeroinitializer
@passed = internal global i32 0
@stored = internal global i32 0
@holder = internal global ptr null
@selected = internal global i32 0
@other = internal global i32 0
@ext = global i32 0
@vol = internal global i32 0

declare void @take(ptr)

; Code outside transactions writes all of them (internal and not address
; taken: no clone; main is never cloned).
define i32 @main() {
  call void @init(i64 1)
  ret i32 0
}

define internal void @init(i64 %i) {
  %p = getelementptr [4 x i32], ptr @table, i64 0, i64 %i
  store i32 7, ptr %p
  store i64 4, ptr @size
  store i32 1, ptr @written
  store i32 1, ptr @cewritten
  call void @take(ptr @passed)
  store ptr @stored, ptr @holder
  store i32 1, ptr @selected
  store i32 1, ptr @ext
  store volatile i32 1, ptr @vol
  ret void
}

; CHECK-LABEL: define i64 @reads.ame.region(
; CHECK-NEXT: %p = getelementptr [4 x i32], ptr @table, i64 0, i64 %i
; CHECK-NEXT: %a = load i32, ptr %p
; CHECK-NEXT: %n = load i64, ptr @size
; CHECK-NEXT: %c = load i32, ptr getelementptr inbounds ([4 x i32], ptr @table, i64 0, i64 3)
; CHECK-NEXT: %h = load ptr, ptr @holder
; CHECK-NEXT: %e = call i32 @__ame_load_4(ptr %tx, ptr %h,
; CHECK-NEXT: %f = call i32 @__ame_load_4(ptr %tx, ptr @passed,
; CHECK-NEXT: %s = select i1 %b, ptr @selected, ptr @other
; CHECK-NEXT: %g = call i32 @__ame_load_4(ptr %tx, ptr %s,
; CHECK-NEXT: %x = call i32 @__ame_load_4(ptr %tx, ptr @ext,
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr @vol,
; CHECK-NEXT: %wr = call i32 @__ame_load_4(ptr %tx, ptr @written,
; CHECK-NEXT: %cw = call i32 @__ame_load_4(ptr %tx, ptr @cewritten,
; CHECK: ret i64
; OFF-LABEL: define i64 @reads.ame.region(
; OFF: call i32 @__ame_load_4(ptr %tx, ptr %p,
; OFF: call i64 @__ame_load_8(ptr %tx, ptr @size,
; OFF: call i64 @__ame_load_8(ptr %tx, ptr @holder,
; REMARK-DAG: remark: <unknown>:0:0: load from table is not instrumented: no atomic block writes it
; REMARK-DAG: remark: <unknown>:0:0: load from size is not instrumented: no atomic block writes it
; REMARK-DAG: remark: <unknown>:0:0: load from holder is not instrumented: no atomic block writes it
; REMARK-NOT: load from {{written|cewritten|passed|stored|selected|other|ext|vol}} is not instrumented
define i64 @reads.ame.region(ptr %tx, i64 %i, i1 %b) "ame-tx-clone" {
  %p = getelementptr [4 x i32], ptr @table, i64 0, i64 %i
  %a = load i32, ptr %p
  %n = load i64, ptr @size
  %c = load i32, ptr getelementptr inbounds ([4 x i32], ptr @table, i64 0, i64 3)
  %h = load ptr, ptr @holder
  %e = load i32, ptr %h
  %f = load i32, ptr @passed
  %s = select i1 %b, ptr @selected, ptr @other
  %g = load i32, ptr %s
  %x = load i32, ptr @ext
  %v = load volatile i32, ptr @vol
  %wr = load i32, ptr @written
  %cw = load i32, ptr @cewritten
  %a64 = sext i32 %a to i64
  %r = add i64 %a64, %n
  ret i64 %r
}

; Written in a transaction: its loads keep their barriers, everywhere.
; CHECK-LABEL: define i32 @writes(
; CHECK-NEXT: %w = call i32 @__ame_load{{(_for_write)?}}_4(ptr %tx, ptr @written,
; CHECK-NEXT: %y = call i32 @__ame_load_4(ptr %tx, ptr @cewritten,
; CHECK: call void @__ame_store_4(ptr %tx, ptr @written,
; CHECK: call void @__ame_store_4(ptr %tx, ptr getelementptr inbounds ([4 x i32], ptr @cewritten, i64 0, i64 2),
define i32 @writes(ptr %tx) "ame-tx-clone" {
  %w = load i32, ptr @written
  %y = load i32, ptr @cewritten
  %z = add i32 %w, %y
  call void @other_tx(ptr %tx)
  store i32 %z, ptr @written
  store i32 %z, ptr getelementptr inbounds ([4 x i32], ptr @cewritten, i64 0, i64 2)
  ret i32 %z
}

declare void @other_tx(ptr) "ame-tx-clone"

; The same loads in a loop, in a clone, and in a thunk that a clone calls
; (a nested block) keep their barriers.
; CHECK-LABEL: define i64 @loop.ame.region(
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr @size,
; CHECK: ret i64
define i64 @loop.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
entry:
  br label %body
body:
  %n = load i64, ptr @size
  %c = icmp eq i64 %n, 0
  br i1 %c, label %body, label %done
done:
  ret i64 %n
}

; CHECK-LABEL: define i64 @clone.ame.tx(
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr @size,
define i64 @clone.ame.tx(ptr %tx) "ame-tx-clone" {
  %n = load i64, ptr @size
  %m = call i64 @nested.ame.region(ptr %tx, ptr null)
  %r = add i64 %n, %m
  ret i64 %r
}

; CHECK-LABEL: define i64 @nested.ame.region(
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr @size,
define i64 @nested.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %n = load i64, ptr @size
  ret i64 %n
}

; A thunk that calls setjmp runs the code after it again at each longjmp
; back to it: a loop no cycle of its CFG shows.
; CHECK-LABEL: define i64 @jumps.ame.region(
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr @size,
define i64 @jumps.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %r = call i32 @_setjmp(ptr %ctx) #0
  %n = load i64, ptr @size
  ret i64 %n
}

declare i32 @_setjmp(ptr) #0
attributes #0 = { returns_twice }
