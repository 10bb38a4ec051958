; A load taken for writing whose store follows in its basic block, with
; nothing between them that runs a barrier or a call, becomes
; __ame_open_for_write_N: the barrier takes the line and returns where its
; bytes are held, and the load and the store become plain accesses there
; (the slot, as aligned as the access up to 8). Not when a call, a barrier
; (a load or store of shared memory, even of another line) or an atomic
; access lies between them, when either is volatile or range-checked, or
; with -ame-write-slots=false; accesses to the frame's own locals between
; them do not matter.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-write-slots=false -S %s | FileCheck %s --check-prefix=OFF
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-analysis=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global i64 0
@h = global i64 0
@d = global double 0.0
@p = global ptr null

declare void @opaque()
declare void @llvm.lifetime.start.p0(i64, ptr)

; REMARK-COUNT-7: remark: <unknown>:0:0: read and write of the same bytes take one barrier, which says where the bytes are held: both are plain accesses there
; REMARK-NOT: read and write of the same bytes

; CHECK-LABEL: define void @increment(
; CHECK-NEXT: %v.slot = call ptr @__ame_open_for_write_8(ptr %tx, ptr @g, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %v = load i64, ptr %v.slot, align 8
; CHECK-NEXT: %w = add i64 %v, 1
; CHECK-NEXT: store i64 %w, ptr %v.slot, align 8
; CHECK-NEXT: ret void
; OFF-LABEL: define void @increment(
; OFF-NEXT: %v = call i64 @__ame_load_for_write_8(ptr %tx, ptr @g,
; OFF-NEXT: %w = add i64 %v, 1
; OFF-NEXT: call void @__ame_store_8(ptr %tx, ptr @g, i64 %w,
define void @increment(ptr %tx) "ame-tx-clone" {
  %v = load i64, ptr @g
  %w = add i64 %v, 1
  store i64 %w, ptr @g
  ret void
}

; Every size and kind of value; an over-aligned access gets alignment 8. An
; under-aligned one (a packed struct's field, which may cross into the next
; line) keeps the pair.
; CHECK-LABEL: define void @kinds(
; CHECK: %b.slot = call ptr @__ame_open_for_write_1(ptr %tx, ptr %q,
; CHECK-NEXT: %b = load i8, ptr %b.slot, align 1
; CHECK: store i8 %b1, ptr %b.slot, align 1
; CHECK: %s = call i16 @__ame_load_for_write_2(ptr %tx, ptr %q2,
; CHECK: call void @__ame_store_2(ptr %tx, ptr %q2, i16 %s1,
; CHECK: %f.slot = call ptr @__ame_open_for_write_8(ptr %tx, ptr @d,
; CHECK-NEXT: %f = load double, ptr %f.slot, align 8
; CHECK: store double %f1, ptr %f.slot, align 8
; CHECK: %r.slot = call ptr @__ame_open_for_write_8(ptr %tx, ptr @p,
; CHECK-NEXT: %r = load ptr, ptr %r.slot, align 8
; CHECK: store ptr %r1, ptr %r.slot, align 8
define void @kinds(ptr %tx, ptr %q) "ame-tx-clone" {
  %b = load i8, ptr %q
  %b1 = xor i8 %b, 1
  store i8 %b1, ptr %q
  %q2 = getelementptr inbounds i8, ptr %q, i64 1
  %s = load i16, ptr %q2, align 1
  %s1 = add i16 %s, 1
  store i16 %s1, ptr %q2, align 1
  %f = load double, ptr @d, align 16
  %f1 = fadd double %f, 1.0
  store double %f1, ptr @d, align 16
  %r = load ptr, ptr @p
  %r1 = getelementptr inbounds i8, ptr %r, i64 8
  store ptr %r1, ptr @p
  ret void
}

; A store to a local of the frame and a lifetime marker between them do not
; run any of the transaction's code.
; CHECK-LABEL: define void @local_between(
; CHECK: %v.slot = call ptr @__ame_open_for_write_8(ptr %tx, ptr @g,
; CHECK: store i64 %v, ptr %tmp
; CHECK: store i64 %w, ptr %v.slot
define void @local_between(ptr %tx) "ame-tx-clone" {
  %tmp = alloca i64
  %v = load i64, ptr @g
  call void @llvm.lifetime.start.p0(i64 8, ptr %tmp)
  store i64 %v, ptr %tmp
  %w = add i64 %v, 1
  store i64 %w, ptr @g
  ret void
}

; A call between them may run barriers that move the held bytes (a write to
; another word of the line) or end the attempt: the old pair.
; CHECK-LABEL: define void @call_between(
; CHECK-NOT: open_for_write
; CHECK: call void @__ame_store_8(ptr %tx, ptr @g,
define void @call_between(ptr %tx) "ame-tx-clone" {
  %v = load i64, ptr @g
  call void @opaque()
  %w = add i64 %v, 1
  store i64 %w, ptr @g
  ret void
}

; Another barrier between them, a read of another global.
; CHECK-LABEL: define void @barrier_between(
; CHECK: call i64 @__ame_load_for_write_8(ptr %tx, ptr @g,
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr @h,
; CHECK: call void @__ame_store_8(ptr %tx, ptr @g,
define void @barrier_between(ptr %tx) "ame-tx-clone" {
  %v = load i64, ptr @g
  %x = load i64, ptr @h
  %w = add i64 %v, %x
  store i64 %w, ptr @g
  ret void
}

; A store to another word of the same line, between them: it would move the
; held bytes to a line buffer.
; CHECK-LABEL: define void @same_line_between(
; CHECK: call i64 @__ame_load_for_write_8(ptr %tx, ptr %a,
; CHECK: call void @__ame_store_8(ptr %tx, ptr %b, i64 7,
; CHECK: call void @__ame_store_8(ptr %tx, ptr %a,
define void @same_line_between(ptr %tx, ptr %a) "ame-tx-clone" {
  %v = load i64, ptr %a
  %b = getelementptr inbounds i8, ptr %a, i64 8
  store i64 7, ptr %b
  %w = add i64 %v, 1
  store i64 %w, ptr %a
  ret void
}

; Volatile accesses keep their barriers.
; CHECK-LABEL: define void @volatile_store(
; CHECK-NOT: open_for_write
; CHECK: ret void
define void @volatile_store(ptr %tx) "ame-tx-clone" {
  %v = load i64, ptr @g
  %w = add i64 %v, 1
  store volatile i64 %w, ptr @g
  ret void
}

; An atomic access between them (made inevitable by a call).
; CHECK-LABEL: define void @atomic_between(
; CHECK-NOT: open_for_write
; CHECK: ret void
define void @atomic_between(ptr %tx) "ame-tx-clone" {
  %v = load i64, ptr @g
  %x = load atomic i64, ptr @h seq_cst, align 8
  %w = add i64 %v, %x
  store i64 %w, ptr @g
  ret void
}

; The second of two increments of the same word gets its own slot.
; CHECK-LABEL: define void @twice(
; CHECK: %v.slot = call ptr @__ame_open_for_write_8(ptr %tx, ptr @h,
; CHECK: store i64 %w, ptr %v.slot
; CHECK: %x.slot = call ptr @__ame_open_for_write_8(ptr %tx, ptr @h,
; CHECK: store i64 %y, ptr %x.slot
define void @twice(ptr %tx) "ame-tx-clone" {
  %v = load i64, ptr @h
  %w = add i64 %v, 1
  store i64 %w, ptr @h
  %x = load i64, ptr @h
  %y = add i64 %x, 1
  store i64 %y, ptr @h
  ret void
}
