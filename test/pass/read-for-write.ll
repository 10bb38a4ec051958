; A load that a store of the same bytes through the same pointer follows in
; its basic block becomes __ame_load_for_write_N (the line is taken for
; writing at the read, with no read-log entry); the store stays an ordinary
; store barrier, which then finds the line held. Not when the store is in
; another block (it may not happen), goes through another pointer, or
; writes another size; a load alone stays a load. (Run without write slots,
; which turn most of these pairs into a slot and plain accesses:
; write-slots.ll.)
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-write-slots=false -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global i64 0
@h = global i64 0

; CHECK-LABEL: define void @increment(
; CHECK-NEXT: %v = call i64 @__ame_load_for_write_8(ptr %tx, ptr @g, ptr [[SITE:@.ame.site[.0-9]*]])
; CHECK-NEXT: %w = add i64 %v, 1
; CHECK-NEXT: call void @__ame_store_8(ptr %tx, ptr @g, i64 %w, ptr [[SITE]])
define void @increment(ptr %tx) "ame-tx-clone" {
  %v = load i64, ptr @g
  %w = add i64 %v, 1
  store i64 %w, ptr @g
  ret void
}

; CHECK-LABEL: define void @field(
; CHECK: call i32 @__ame_load_for_write_4(ptr %tx, ptr %f,
; CHECK: call void @__ame_store_4(ptr %tx, ptr %f,
define void @field(ptr %tx, ptr %p, i32 %d) "ame-tx-clone" {
  %f = getelementptr inbounds i8, ptr %p, i64 8
  %v = load i32, ptr %f
  %w = sub i32 %v, %d
  store i32 %w, ptr %f
  ret void
}

; CHECK-LABEL: define void @store_in_another_block(
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr @g,
define void @store_in_another_block(ptr %tx, i1 %c) "ame-tx-clone" {
  %v = load i64, ptr @g
  br i1 %c, label %then, label %done
then:
  store i64 0, ptr @g
  br label %done
done:
  ret void
}

; CHECK-LABEL: define void @another_pointer(
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr @g,
; CHECK: call void @__ame_store_8(ptr %tx, ptr @h,
define void @another_pointer(ptr %tx) "ame-tx-clone" {
  %v = load i64, ptr @g
  store i64 %v, ptr @h
  ret void
}

; CHECK-LABEL: define void @another_size(
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr @g,
; CHECK: call void @__ame_store_4(ptr %tx, ptr @g,
define void @another_size(ptr %tx) "ame-tx-clone" {
  %v = load i64, ptr @g
  %t = trunc i64 %v to i32
  store i32 %t, ptr @g
  ret void
}

; CHECK-LABEL: define void @store_before_load(
; CHECK: call void @__ame_store_8(ptr %tx, ptr @g,
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr @g,
define void @store_before_load(ptr %tx) "ame-tx-clone" {
  store i64 1, ptr @g
  %v = load i64, ptr @g
  call void @use(i64 %v)
  ret void
}

declare void @use(i64)

