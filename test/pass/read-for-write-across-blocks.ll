; A load whose store of the same bytes through the same pointer lies in
; another basic block becomes __ame_load_for_write_N when every run of the
; load is followed by one of the store: the store's block post-dominates
; the load's, which dominates it, both are in the same loop, and nothing on
; a path between them writes memory. Not when the store is on one path
; only, when a path from the load leaves without it (a call that does not
; return), when the load runs in a loop and the store once after it, or
; across a store or a call; nor with -ame-read-for-write-across-blocks=false.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-read-for-write-across-blocks=false -S %s | FileCheck %s --check-prefix=OFF
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-analysis=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global i64 0
@m = global i64 0

; REMARK: remark: <unknown>:0:0: read is taken for writing with one barrier: a write of the same bytes in a later block always follows it

; v = g; if (v > 100) v = m; g = v + 1 (the -O0 shape)
; CHECK-LABEL: define void @diamond(
; CHECK: %v = call i64 @__ame_load_for_write_8(ptr %tx, ptr @g,
; CHECK: join:
; CHECK: call void @__ame_store_8(ptr %tx, ptr @g,
; OFF-LABEL: define void @diamond(
; OFF: %v = call i64 @__ame_load_8(ptr %tx, ptr @g,
define void @diamond(ptr %tx) "ame-tx-clone" {
entry:
  %v = load i64, ptr @g
  %c = icmp sgt i64 %v, 100
  br i1 %c, label %then, label %join
then:
  %lim = load i64, ptr @m
  br label %join
join:
  %u = phi i64 [ %v, %entry ], [ %lim, %then ]
  %w = add i64 %u, 1
  store i64 %w, ptr @g
  ret void
}

; A store between read and write (v = g; if (v > m) m = v; g = v + 1).
; CHECK-LABEL: define void @store_between(
; CHECK: %v = call i64 @__ame_load_8(ptr %tx, ptr @g,
define void @store_between(ptr %tx) "ame-tx-clone" {
entry:
  %v = load i64, ptr @g
  %old = load i64, ptr @m
  %c = icmp sgt i64 %v, %old
  br i1 %c, label %then, label %join
then:
  store i64 %v, ptr @m
  br label %join
join:
  %w = add i64 %v, 1
  store i64 %w, ptr @g
  ret void
}

; The store on one path only: reading for writing would make the other
; path an update of a line it only reads.
; CHECK-LABEL: define void @one_path(
; CHECK: %v = call i64 @__ame_load_8(ptr %tx, ptr @g,
define void @one_path(ptr %tx, i1 %c) "ame-tx-clone" {
entry:
  %v = load i64, ptr @g
  br i1 %c, label %then, label %done
then:
  %w = add i64 %v, 1
  store i64 %w, ptr @g
  br label %done
done:
  ret void
}

; A path from the load ends in a call that does not return.
; CHECK-LABEL: define void @leaves_before(
; CHECK: %v = call i64 @__ame_load_8(ptr %tx, ptr @g,
define void @leaves_before(ptr %tx, i1 %c) "ame-tx-clone" {
entry:
  %v = load i64, ptr @g
  br i1 %c, label %stop, label %join
stop:
  call void @abort()
  unreachable
join:
  %w = add i64 %v, 1
  store i64 %w, ptr @g
  ret void
}

; Loaded at every iteration, stored once after the loop: each read would be
; an out-of-line read for writing instead of an inline read.
; CHECK-LABEL: define void @loop_then_store(
; CHECK: loop:
; CHECK: %v = call i64 @__ame_load_8(ptr %tx, ptr @g,
define void @loop_then_store(ptr %tx, i64 %n) "ame-tx-clone" {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %v = load i64, ptr @g
  %next = add i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  %w = add i64 %v, 1
  store i64 %w, ptr @g
  ret void
}

; A call between read and write (ticket = n; serve(ticket); n++): the line
; would stay locked while the call runs.
; CHECK-LABEL: define void @call_between(
; CHECK: %v = call i64 @__ame_load_8(ptr %tx, ptr @g,
define void @call_between(ptr %tx, i1 %c) "ame-tx-clone" {
entry:
  %v = load i64, ptr @g
  br i1 %c, label %then, label %join
then:
  call void @serve(i64 %v)
  br label %join
join:
  %w = add i64 %v, 1
  store i64 %w, ptr @g
  ret void
}

declare void @abort() noreturn
declare void @serve(i64)
