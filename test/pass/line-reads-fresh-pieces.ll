; Right after a fill, a load of the line buffer that may span two of the
; aligned 16-byte pieces the fill stored (a vector or integer of at most 16
; bytes, larger than its alignment, aligned to at least 4) reads both pieces
; whole and shifts its value out of them, by one of the offsets its
; alignment allows: a load spanning two stores still in flight waits for
; both to reach the cache. The next piece is the last one again when the
; first is the last (the load lies in the line). Loads that hit the held
; line read the buffer as they did. Not for a load that never spans two
; pieces (aligned to its size, or a scalar), nor with
; -ame-line-reads-fresh-pieces=false. Crossing loads keep their barrier here
; (-ame-line-reads-across=false; read from both lines: line-reads-across.ll).
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-reads-across=false -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-reads-fresh-pieces=false -S %s | FileCheck %s --check-prefix=OFF
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @llvm.vector.reduce.add.v2i64(<2 x i64>)
declare i32 @llvm.vector.reduce.add.v4i32(<4 x i32>)


; A group of two 16-byte loads (8-byte aligned): the fill reads each load's
; two pieces and picks the value at shift 0 or 8; the hit path reads the
; buffer at the group's offset.
; CHECK-LABEL: define i64 @group(
; CHECK: ame.group.fill:
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.line, ptr %ame.line.start, i64 64,
; CHECK: %ame.fresh.piece = and i64 %ame.line.off, -16
; CHECK-NEXT: %ame.fresh.shift = and i64 %ame.line.off, 15
; CHECK-NEXT: [[NEXT:%.*]] = add i64 %ame.fresh.piece, 16
; CHECK-NEXT: [[LAST:%.*]] = icmp ult i64 %ame.fresh.piece, 48
; CHECK-NEXT: %ame.fresh.next = select i1 [[LAST]], i64 [[NEXT]], i64 %ame.fresh.piece
; CHECK-NEXT: [[PL:%.*]] = getelementptr inbounds i8, ptr %ame.line, i64 %ame.fresh.piece
; CHECK-NEXT: [[LO:%.*]] = load <16 x i8>, ptr [[PL]], align 16
; CHECK-NEXT: [[PH:%.*]] = getelementptr inbounds i8, ptr %ame.line, i64 %ame.fresh.next
; CHECK-NEXT: [[HI:%.*]] = load <16 x i8>, ptr [[PH]], align 16
; CHECK-NEXT: [[AT0:%.*]] = shufflevector <16 x i8> [[LO]], <16 x i8> [[HI]], <16 x i32> <i32 0, i32 1,
; CHECK-NEXT: [[AT8:%.*]] = shufflevector <16 x i8> [[LO]], <16 x i8> [[HI]], <16 x i32> <i32 8, i32 9,
; CHECK-NEXT: [[IS8:%.*]] = icmp eq i64 %ame.fresh.shift, 8
; CHECK-NEXT: [[V:%.*]] = select i1 [[IS8]], <16 x i8> [[AT8]], <16 x i8> [[AT0]]
; CHECK-NEXT: [[F0:%ame.fresh]] = bitcast <16 x i8> [[V]] to <2 x i64>
; CHECK-NEXT: [[OFF1:%.*]] = add i64 %ame.line.off, 16
; CHECK-NEXT: %ame.fresh.piece{{[0-9]+}} = and i64 [[OFF1]], -16
; CHECK: [[F1:%ame.fresh[0-9]+]] = bitcast <16 x i8> {{.*}} to <2 x i64>
; CHECK-NEXT: br label %vector.body.split
; CHECK: ame.group.read:
; CHECK-NEXT: %ame.group.at = phi i64 [ %ame.in.held, %vector.body ]
; CHECK-NEXT: %ame.in.buffer = getelementptr inbounds i8, ptr %ame.line, i64 %ame.group.at
; CHECK-NEXT: [[R0:%.*]] = load <2 x i64>, ptr %ame.in.buffer, align 8
; CHECK: [[R1:%.*]] = load <2 x i64>, ptr {{.*}}, align 8
; CHECK: vector.body.split:
; CHECK: phi <2 x i64> [ [[R0]], %ame.group.read ], [ {{%.*}}, %ame.group.cross.split.split ], [ [[F0]], %ame.group.fill ]
; CHECK-NEXT: phi <2 x i64> [ [[R1]], %ame.group.read ], [ {{%.*}}, %ame.group.cross.split.split ], [ [[F1]], %ame.group.fill ]
; OFF-LABEL: define i64 @group(
; OFF-NOT: ame.fresh
; OFF: ame.group.fill:
; OFF: br label %ame.group.read
; OFF-NOT: ame.fresh
; OFF: ret i64
define i64 @group(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
vector.ph:
  br label %vector.body

vector.body:
  %i = phi i64 [ 0, %vector.ph ], [ %next, %vector.body ]
  %s0 = phi <2 x i64> [ zeroinitializer, %vector.ph ], [ %s0n, %vector.body ]
  %s1 = phi <2 x i64> [ zeroinitializer, %vector.ph ], [ %s1n, %vector.body ]
  %p0 = getelementptr inbounds i64, ptr %p, i64 %i
  %p1 = getelementptr inbounds i8, ptr %p0, i64 16
  %v0 = load <2 x i64>, ptr %p0, align 8
  %v1 = load <2 x i64>, ptr %p1, align 8
  %s0n = add <2 x i64> %v0, %s0
  %s1n = add <2 x i64> %v1, %s1
  %next = add nuw i64 %i, 4
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %vector.body, !llvm.loop !0

exit:
  %s = add <2 x i64> %s0n, %s1n
  %r = call i64 @llvm.vector.reduce.add.v2i64(<2 x i64> %s)
  ret i64 %r
}

; One 16-byte load of ints (4-byte aligned): four shifts, 0, 4, 8 and 12;
; the fill goes straight on to the load's users.
; CHECK-LABEL: define i32 @ints(
; CHECK: ame.line.fill:
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.line, ptr %ame.line.start, i64 64,
; CHECK: shufflevector <16 x i8> [[LO:%.*]], <16 x i8> [[HI:%.*]], <16 x i32> <i32 0,
; CHECK-NEXT: shufflevector <16 x i8> [[LO]], <16 x i8> [[HI]], <16 x i32> <i32 4,
; CHECK-NEXT: icmp eq i64 %ame.fresh.shift, 4
; CHECK-NEXT: select
; CHECK-NEXT: shufflevector <16 x i8> [[LO]], <16 x i8> [[HI]], <16 x i32> <i32 8,
; CHECK-NEXT: icmp eq i64 %ame.fresh.shift, 8
; CHECK-NEXT: select
; CHECK-NEXT: shufflevector <16 x i8> [[LO]], <16 x i8> [[HI]], <16 x i32> <i32 12,
; CHECK-NEXT: icmp eq i64 %ame.fresh.shift, 12
; CHECK-NEXT: [[V:%.*]] = select
; CHECK-NEXT: [[F:%ame.fresh]] = bitcast <16 x i8> [[V]] to <4 x i32>
; CHECK-NEXT: br label %[[TAIL:.*]]
; CHECK: ame.line.read:
; CHECK-NEXT: %ame.in.line.at = phi i64 [ %ame.in.held, %vector.body ]
; CHECK: [[TAIL]]:
; CHECK: phi <4 x i32> [ {{%.*}}, %ame.line.read ], [ [[F]], %ame.line.fill ], [ %v, %{{.*}} ]
; OFF-LABEL: define i32 @ints(
; OFF-NOT: ame.fresh
; OFF: ret i32
define i32 @ints(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
vector.ph:
  br label %vector.body

vector.body:
  %i = phi i64 [ 0, %vector.ph ], [ %next, %vector.body ]
  %s = phi <4 x i32> [ zeroinitializer, %vector.ph ], [ %sn, %vector.body ]
  %p0 = getelementptr inbounds i32, ptr %p, i64 %i
  %v = load <4 x i32>, ptr %p0, align 4
  %sn = add <4 x i32> %v, %s
  %next = add nuw i64 %i, 4
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %vector.body, !llvm.loop !0

exit:
  %r = call i32 @llvm.vector.reduce.add.v4i32(<4 x i32> %sn)
  ret i32 %r
}

; Loads that never span two pieces: a vector aligned to its size, and a
; scalar (naturally aligned). The fill goes on to the plain read.
; CHECK-LABEL: define i32 @aligned(
; CHECK-NOT: ame.fresh
; CHECK: ame.line.fill:
; CHECK-NOT: ame.fresh
; CHECK: br label %ame.line.read
; CHECK-NOT: ame.fresh
; CHECK: ret i32
define i32 @aligned(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
vector.ph:
  br label %vector.body

vector.body:
  %i = phi i64 [ 0, %vector.ph ], [ %next, %vector.body ]
  %s = phi <4 x i32> [ zeroinitializer, %vector.ph ], [ %sn, %vector.body ]
  %p0 = getelementptr inbounds i32, ptr %p, i64 %i
  %v = load <4 x i32>, ptr %p0, align 16
  %sn = add <4 x i32> %v, %s
  %next = add nuw i64 %i, 4
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %vector.body, !llvm.loop !0

exit:
  %r = call i32 @llvm.vector.reduce.add.v4i32(<4 x i32> %sn)
  ret i32 %r
}

; CHECK-LABEL: define i64 @scalar(
; CHECK-NOT: ame.fresh
; CHECK: ame.line.fill:
; CHECK-NOT: ame.fresh
; CHECK: br label %ame.line.read
; CHECK-NOT: ame.fresh
; CHECK: ret i64
define i64 @scalar(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %s = phi i64 [ 0, %entry ], [ %sn, %loop ]
  %q = getelementptr inbounds i64, ptr %p, i64 %i
  %v = load i64, ptr %q, align 8
  %sn = add i64 %v, %s
  %next = add nuw i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret i64 %sn
}

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.isvectorized", i32 1}
