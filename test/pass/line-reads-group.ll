; The loads of one iteration that share a line buffer (one block, a fixed
; distance apart within one stride) test the buffer's line once, at the
; first of them: when the group's bytes lie in the held line each reads the
; buffer at its distance further (one subtraction and one compare for the
; group); when they lie in one other line one fill takes that line (the
; line's start a ptrmask of the address); only a group that crosses into the
; next line runs its loads as they were, each testing the buffer itself.
; Not when an instruction between the loads may keep execution from
; reaching the next one (the loads move up to the first), for loads walking
; backwards (they share no buffer), when a store in the loop may write the
; scanned object or a call in the loop may write memory (no line copies at
; all), nor with -ame-line-reads-group=false.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-reads-fresh-pieces=false -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-reads-group=false -S %s | FileCheck %s --check-prefix=OFF
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-analysis=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @llvm.vector.reduce.add.v2i64(<2 x i64>)
declare void @may_not_return() memory(none) nounwind
declare void @other()

; REMARK: remark: <unknown>:0:0: 2 loads of one iteration test their line's copy once and read it together: they lie within 32 bytes of each other
; REMARK-NOT: test their line's copy once

; The vector body's two 16-byte loads: one test against 64 - 32, the two
; reads at 0 and 16 bytes past the first's offset; the crossing block keeps
; each load's own test (against 64 - 16) and fill.
; CHECK-LABEL: define i64 @vector_sum(
; CHECK: %ame.line = alloca [128 x i8], align 64
; CHECK-NOT: alloca [64 x i8]
; CHECK: vector.body:
; CHECK-NEXT: %ame.held.0 = phi i64 [ 1, %vector.ph ], [ [[H:%ame.held.[0-9]+]], %vector.body.split ]
; CHECK: %p0 = getelementptr inbounds i64, ptr %p, i64 %i
; CHECK: getelementptr i8, ptr %p0, i64 16
; CHECK-NEXT: [[A:%[0-9]+]] = ptrtoint ptr %p0 to i64
; CHECK-NEXT: %ame.in.held = sub i64 [[A]], %ame.held.0
; CHECK-NEXT: %ame.group.hit = icmp ule i64 %ame.in.held, 32
; CHECK-NEXT: br i1 %ame.group.hit, label %ame.group.read, label %ame.group.miss, !prof
; CHECK: ame.group.miss:
; CHECK-NEXT: %ame.line.off = and i64 [[A]], 63
; CHECK-NEXT: %ame.group.in.line = icmp ule i64 %ame.line.off, 32
; CHECK-NEXT: br i1 %ame.group.in.line, label %ame.group.fill, label %ame.group.cross
; CHECK: ame.group.fill:
; CHECK-NEXT: %ame.line.start = call ptr @llvm.ptrmask.p0.i64(ptr %p0, i64 -64)
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %ame.line, ptr %ame.line.start, i64 64,
; CHECK-NEXT: [[L:%[0-9]+]] = ptrtoint ptr %ame.line.start to i64
; CHECK-NEXT: br label %ame.group.read
; CHECK: ame.group.read:
; CHECK-NEXT: [[RH:%ame.held.[0-9]+]] = phi i64 [ %ame.held.0, %vector.body ], [ [[L]], %ame.group.fill ]
; CHECK-NEXT: %ame.group.at = phi i64 [ %ame.in.held, %vector.body ], [ %ame.line.off, %ame.group.fill ]
; CHECK-NEXT: %ame.in.buffer = getelementptr inbounds i8, ptr %ame.line, i64 %ame.group.at
; CHECK-NEXT: [[R0:%.*]] = load <2 x i64>, ptr %ame.in.buffer, align 8
; CHECK-NEXT: [[B1:%.*]] = getelementptr inbounds i8, ptr %ame.in.buffer, i64 16
; CHECK-NEXT: [[R1:%.*]] = load <2 x i64>, ptr [[B1]], align 8
; CHECK-NEXT: br label %vector.body.split
; CHECK: ame.group.cross:
; CHECK: %ame.hit = icmp ule i64 %ame.in.held{{[0-9]+}}, 48
; CHECK: %ame.hit{{[0-9]+}} = icmp ule i64 %ame.in.held{{[0-9]+}}, 48
; CHECK: vector.body.split:
; CHECK-NEXT: [[H]] = phi i64 [ [[RH]], %ame.group.read ],
; CHECK-NEXT: phi <2 x i64> [ [[R0]], %ame.group.read ],
; CHECK-NEXT: phi <2 x i64> [ [[R1]], %ame.group.read ],
; CHECK-NOT: __ame_load_bytes(ptr %tx, ptr %{{[0-9]+}}, ptr %p0
; CHECK: ret i64
; OFF-LABEL: define i64 @vector_sum(
; OFF-NOT: ame.group
; OFF: %ame.hit = icmp ule i64 %ame.in.held, 48
; OFF-NOT: ame.group
; OFF: ret i64
define i64 @vector_sum(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
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

; A call between the two loads that writes nothing but may not return: the
; second load cannot move above it, so each load tests the line itself.
; CHECK-LABEL: define i64 @call_between(
; CHECK: %ame.line = alloca [128 x i8], align 64
; CHECK-NOT: ame.group
; CHECK: %ame.hit = icmp ule i64 %ame.in.held, 48
; CHECK: call void @may_not_return()
; CHECK-NOT: ame.group
; CHECK: ret i64
define i64 @call_between(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
vector.ph:
  br label %vector.body

vector.body:
  %i = phi i64 [ 0, %vector.ph ], [ %next, %vector.body ]
  %s0 = phi <2 x i64> [ zeroinitializer, %vector.ph ], [ %s0n, %vector.body ]
  %s1 = phi <2 x i64> [ zeroinitializer, %vector.ph ], [ %s1n, %vector.body ]
  %p0 = getelementptr inbounds i64, ptr %p, i64 %i
  %p1 = getelementptr inbounds i8, ptr %p0, i64 16
  %v0 = load <2 x i64>, ptr %p0, align 8
  call void @may_not_return()
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

; Walking backwards: the loads share no buffer (their addresses would go
; back within the line), so none is grouped.
; CHECK-LABEL: define i64 @backward(
; CHECK-COUNT-2: alloca [128 x i8], align 64
; CHECK-NOT: ame.group
; CHECK: ret i64
define i64 @backward(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
vector.ph:
  br label %vector.body

vector.body:
  %i = phi i64 [ %n, %vector.ph ], [ %next, %vector.body ]
  %s0 = phi <2 x i64> [ zeroinitializer, %vector.ph ], [ %s0n, %vector.body ]
  %s1 = phi <2 x i64> [ zeroinitializer, %vector.ph ], [ %s1n, %vector.body ]
  %p0 = getelementptr inbounds i64, ptr %p, i64 %i
  %p1 = getelementptr inbounds i8, ptr %p0, i64 16
  %v0 = load <2 x i64>, ptr %p0, align 8
  %v1 = load <2 x i64>, ptr %p1, align 8
  %s0n = add <2 x i64> %v0, %s0
  %s1n = add <2 x i64> %v1, %s1
  %next = sub nuw i64 %i, 4
  %done = icmp eq i64 %next, 0
  br i1 %done, label %exit, label %vector.body, !llvm.loop !0

exit:
  %s = add <2 x i64> %s0n, %s1n
  %r = call i64 @llvm.vector.reduce.add.v2i64(<2 x i64> %s)
  ret i64 %r
}

; A store in the loop to the scanned object (a running prefix sum written
; back): no line copy, each load keeps its barrier.
; CHECK-LABEL: define i64 @store_to_scanned(
; CHECK-NOT: ame.line
; CHECK-NOT: ame.group
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr {{.*}}, ptr %p0, i64 16,
; CHECK-NOT: ame.group
; CHECK: ret i64
define i64 @store_to_scanned(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
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
  store <2 x i64> %s1n, ptr %p1, align 8
  %next = add nuw i64 %i, 4
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %vector.body, !llvm.loop !0

exit:
  %s = add <2 x i64> %s0n, %s1n
  %r = call i64 @llvm.vector.reduce.add.v2i64(<2 x i64> %s)
  ret i64 %r
}

; A call in the loop that may write memory: no line copy.
; CHECK-LABEL: define i64 @call_in_loop(
; CHECK-NOT: ame.line
; CHECK-NOT: ame.group
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr {{.*}}, ptr %p0, i64 16,
; CHECK-NOT: ame.group
; CHECK: ret i64
define i64 @call_in_loop(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
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
  call void @other()
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

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.isvectorized", i32 1}
