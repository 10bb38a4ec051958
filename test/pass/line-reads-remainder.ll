; The scalar remainder of a vectorized loop reads the copy of the line that
; its vector loop took (the vector loop's buffer and slot): it is entered
; from the vector loop's only exit block, and nothing in either loop or
; between them may write what it reads; the entry that skips the vector loop
; forgets the buffer's line on its own edge. Not when the middle block
; writes memory, when a store of the vector loop may write what the
; remainder reads, when the remainder walks an object no vector load walks,
; when no vector loop precedes it (line-reads.ll, @vectorized_remainder),
; nor with -ame-line-reads-remainder=false or
; -ame-line-reads-vectorized=false. The vector loop's two loads testing the
; line once (line-reads-group.ll) leave the remainder's rule unchanged: it
; goes on in the slot and buffer the group's fill set (GROUP).
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-reads-group=false -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s --check-prefix=GROUP
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-reads-remainder=false -S %s | FileCheck %s --check-prefix=OFF
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-reads-vectorized=false -S %s | FileCheck %s --check-prefix=OFF
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-analysis=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare i64 @llvm.vector.reduce.add.v2i64(<2 x i64>)

; REMARK: remark: <unknown>:0:0: load of a vectorized loop's scalar remainder reads the copy of its line that the vector loop took
; REMARK-NOT: scalar remainder

; One buffer for the vector loop and its remainder; the slot (an SSA value)
; is none on entering the vector loop and on the edge that skips it, and is
; the vector loop's on the edge from the middle block.
; CHECK-LABEL: define i64 @sum(
; CHECK: %ame.line = alloca [128 x i8], align 64
; CHECK-NOT: alloca [64 x i8]
; CHECK: entry.scalar.ph_crit_edge:
; CHECK-NEXT: br label %scalar.ph
; CHECK: vector.body:
; CHECK-NEXT: %ame.held.0 = phi i64 [ 1, %vector.ph ], [ [[VN:%ame.held.[0-9]+]], %vector.body.split.split ]
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.line, ptr %ame.line.start, i64 64,
; CHECK: load <2 x i64>, ptr %ame.in.buffer, align 8
; CHECK: vector.body.split.split:
; CHECK-NEXT: [[VN]] = phi i64
; CHECK: middle:
; CHECK-NOT: store
; CHECK: scalar.ph:
; CHECK-NEXT: [[S:%ame.held.[0-9]+]] = phi i64 [ 1, %entry.scalar.ph_crit_edge ], [ [[VN]], %middle ]
; CHECK: loop:
; CHECK-NEXT: [[L:%ame.held.[0-9]+]] = phi i64 [ [[S]], %scalar.ph ],
; CHECK: %ame.in.held{{[0-9]+}} = sub i64 %{{[0-9]+}}, [[L]]
; CHECK-NEXT: %ame.hit{{[0-9]+}} = icmp ule i64 %ame.in.held{{[0-9]+}}, 56
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.line, ptr %ame.line.start{{[0-9]+}}, i64 64,
; CHECK: load i64, ptr %ame.in.buffer{{[0-9]+}}, align 8
; CHECK: ret i64
; GROUP-LABEL: define i64 @sum(
; GROUP: %ame.line = alloca [128 x i8], align 64
; GROUP-NOT: alloca [64 x i8]
; GROUP: vector.body:
; GROUP-NEXT: %ame.held.0 = phi i64 [ 1, %vector.ph ], [ [[VN:%ame.held.[0-9]+]], %vector.body.split ]
; GROUP: %ame.group.hit = icmp ule i64 %ame.in.held, 32
; GROUP: ame.group.fill:
; GROUP-NEXT: %ame.line.start = call ptr @llvm.ptrmask.p0.i64(ptr %p0, i64 -64)
; GROUP-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %ame.line, ptr %ame.line.start, i64 64,
; GROUP: vector.body.split:
; GROUP-NEXT: [[VN]] = phi i64
; GROUP: scalar.ph:
; GROUP-NEXT: [[S:%ame.held.[0-9]+]] = phi i64 [ 1, %entry.scalar.ph_crit_edge ], [ [[VN]], %middle ]
; GROUP: loop:
; GROUP-NEXT: [[L:%ame.held.[0-9]+]] = phi i64 [ [[S]], %scalar.ph ],
; GROUP: %ame.in.held{{[0-9]+}} = sub i64 %{{[0-9]+}}, [[L]]
; GROUP: load i64, ptr %ame.in.buffer{{[0-9]+}}, align 8
; GROUP: ret i64
; OFF-LABEL: define i64 @sum(
; OFF-NOT: _crit_edge
; OFF: call i64 @__ame_load_8(ptr %tx, ptr %pj,
; OFF-NOT: _crit_edge
; OFF: ret i64
define i64 @sum(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
entry:
  %small = icmp ult i64 %n, 4
  br i1 %small, label %scalar.ph, label %vector.ph

vector.ph:
  %nvec = and i64 %n, -4
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
  %done = icmp eq i64 %next, %nvec
  br i1 %done, label %middle, label %vector.body, !llvm.loop !0

middle:
  %s = add <2 x i64> %s0n, %s1n
  %r = call i64 @llvm.vector.reduce.add.v2i64(<2 x i64> %s)
  %all = icmp eq i64 %nvec, %n
  br i1 %all, label %exit, label %scalar.ph

scalar.ph:
  %j0 = phi i64 [ 0, %entry ], [ %nvec, %middle ]
  %t0 = phi i64 [ 0, %entry ], [ %r, %middle ]
  br label %loop

loop:
  %j = phi i64 [ %j0, %scalar.ph ], [ %jn, %loop ]
  %t = phi i64 [ %t0, %scalar.ph ], [ %tn, %loop ]
  %pj = getelementptr inbounds i64, ptr %p, i64 %j
  %v = load i64, ptr %pj
  %tn = add i64 %t, %v
  %jn = add nuw i64 %j, 1
  %d = icmp eq i64 %jn, %n
  br i1 %d, label %exit, label %loop, !llvm.loop !2

exit:
  %res = phi i64 [ %r, %middle ], [ %tn, %loop ]
  ret i64 %res
}

; A store between the loops (in the middle block): the remainder keeps its
; barrier.
; CHECK-LABEL: define i64 @middle_writes(
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr %pj,
; CHECK-NOT: _crit_edge
; CHECK: ret i64
define i64 @middle_writes(ptr %tx, ptr %p, ptr %q, i64 %n) "ame-tx-clone" {
entry:
  %small = icmp ult i64 %n, 4
  br i1 %small, label %scalar.ph, label %vector.ph

vector.ph:
  %nvec = and i64 %n, -4
  br label %vector.body

vector.body:
  %i = phi i64 [ 0, %vector.ph ], [ %next, %vector.body ]
  %s0 = phi <2 x i64> [ zeroinitializer, %vector.ph ], [ %s0n, %vector.body ]
  %p0 = getelementptr inbounds i64, ptr %p, i64 %i
  %v0 = load <2 x i64>, ptr %p0, align 8
  %s0n = add <2 x i64> %v0, %s0
  %next = add nuw i64 %i, 2
  %done = icmp eq i64 %next, %nvec
  br i1 %done, label %middle, label %vector.body, !llvm.loop !0

middle:
  %r = call i64 @llvm.vector.reduce.add.v2i64(<2 x i64> %s0n)
  store i64 %r, ptr %q
  %all = icmp eq i64 %nvec, %n
  br i1 %all, label %exit, label %scalar.ph

scalar.ph:
  %j0 = phi i64 [ 0, %entry ], [ %nvec, %middle ]
  %t0 = phi i64 [ 0, %entry ], [ %r, %middle ]
  br label %loop

loop:
  %j = phi i64 [ %j0, %scalar.ph ], [ %jn, %loop ]
  %t = phi i64 [ %t0, %scalar.ph ], [ %tn, %loop ]
  %pj = getelementptr inbounds i64, ptr %p, i64 %j
  %v = load i64, ptr %pj
  %tn = add i64 %t, %v
  %jn = add nuw i64 %j, 1
  %d = icmp eq i64 %jn, %n
  br i1 %d, label %exit, label %loop, !llvm.loop !2

exit:
  %res = phi i64 [ %r, %middle ], [ %tn, %loop ]
  ret i64 %res
}

; The remainder walks %q, which no vector load walks: its barrier stays.
; CHECK-LABEL: define i64 @other_object(
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr %qj,
; CHECK-NOT: _crit_edge
; CHECK: ret i64
define i64 @other_object(ptr %tx, ptr %p, ptr %q, i64 %n) "ame-tx-clone" {
entry:
  %small = icmp ult i64 %n, 4
  br i1 %small, label %scalar.ph, label %vector.ph

vector.ph:
  %nvec = and i64 %n, -4
  br label %vector.body

vector.body:
  %i = phi i64 [ 0, %vector.ph ], [ %next, %vector.body ]
  %s0 = phi <2 x i64> [ zeroinitializer, %vector.ph ], [ %s0n, %vector.body ]
  %p0 = getelementptr inbounds i64, ptr %p, i64 %i
  %v0 = load <2 x i64>, ptr %p0, align 8
  %s0n = add <2 x i64> %v0, %s0
  %next = add nuw i64 %i, 2
  %done = icmp eq i64 %next, %nvec
  br i1 %done, label %middle, label %vector.body, !llvm.loop !0

middle:
  %r = call i64 @llvm.vector.reduce.add.v2i64(<2 x i64> %s0n)
  %all = icmp eq i64 %nvec, %n
  br i1 %all, label %exit, label %scalar.ph

scalar.ph:
  %j0 = phi i64 [ 0, %entry ], [ %nvec, %middle ]
  %t0 = phi i64 [ 0, %entry ], [ %r, %middle ]
  br label %loop

loop:
  %j = phi i64 [ %j0, %scalar.ph ], [ %jn, %loop ]
  %t = phi i64 [ %t0, %scalar.ph ], [ %tn, %loop ]
  %qj = getelementptr inbounds i64, ptr %q, i64 %j
  %v = load i64, ptr %qj
  %tn = add i64 %t, %v
  %jn = add nuw i64 %j, 1
  %d = icmp eq i64 %jn, %n
  br i1 %d, label %exit, label %loop, !llvm.loop !2

exit:
  %res = phi i64 [ %r, %middle ], [ %tn, %loop ]
  ret i64 %res
}

; The vector loop stores through %q, which its own loads' alias scopes keep
; apart from %p (the vectorizer's runtime checks), but nothing keeps apart
; from what the remainder reads: the vector loop may have written the
; buffer's line since it took the copy, so the remainder keeps its barrier.
; CHECK-LABEL: define void @vector_store_may_alias(
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.line, ptr %ame.line.start, i64 64,
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr %pj,
; CHECK-NOT: _crit_edge
; CHECK: ret void
define void @vector_store_may_alias(ptr %tx, ptr %p, ptr %q, ptr %out, i64 %n) "ame-tx-clone" {
entry:
  %small = icmp ult i64 %n, 4
  br i1 %small, label %scalar.ph, label %vector.ph

vector.ph:
  %nvec = and i64 %n, -4
  br label %vector.body

vector.body:
  %i = phi i64 [ 0, %vector.ph ], [ %next, %vector.body ]
  %p0 = getelementptr inbounds i64, ptr %p, i64 %i
  %v0 = load <2 x i64>, ptr %p0, align 8, !alias.scope !3
  %q0 = getelementptr inbounds i64, ptr %q, i64 %i
  store <2 x i64> %v0, ptr %q0, align 8, !noalias !3
  %next = add nuw i64 %i, 2
  %done = icmp eq i64 %next, %nvec
  br i1 %done, label %middle, label %vector.body, !llvm.loop !0

middle:
  %all = icmp eq i64 %nvec, %n
  br i1 %all, label %exit, label %scalar.ph

scalar.ph:
  %j0 = phi i64 [ 0, %entry ], [ %nvec, %middle ]
  br label %loop

loop:
  %j = phi i64 [ %j0, %scalar.ph ], [ %jn, %loop ]
  %t = phi i64 [ 0, %scalar.ph ], [ %tn, %loop ]
  %pj = getelementptr inbounds i64, ptr %p, i64 %j
  %v = load i64, ptr %pj
  %tn = add i64 %t, %v
  %jn = add nuw i64 %j, 1
  %d = icmp eq i64 %jn, %n
  br i1 %d, label %last, label %loop, !llvm.loop !2

last:
  store i64 %tn, ptr %out
  br label %exit

exit:
  ret void
}

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.isvectorized", i32 1}
!2 = distinct !{!2, !1}
!3 = !{!4}
!4 = distinct !{!4, !5}
!5 = distinct !{!5, !"vectorizer checks"}
