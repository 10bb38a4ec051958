; A line-reading load that runs into the next line reads the two lines: the
; buffer, 128 bytes, gets the load's line in its first half unless it holds
; that line already, and the next line in its second half, each through one
; barrier (__ame_load_bytes of the aligned 64 bytes); the load reads across
; the halves; then the second half moves to the first and the slot names
; the next line, as if the walk had entered it. No barrier of the load's own
; is left. With -ame-line-reads-across=false, the load keeps its barrier, out
; of line (line-reads.ll).
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-reads-group=false -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-reads-group=false -ame-line-reads-across=false -S %s | FileCheck %s --check-prefix=OFF
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define i32 @sum(
; CHECK: %ame.line = alloca [128 x i8], align 64
; CHECK-NOT: @__ame_load_4(
; CHECK: ame.line.miss:
; CHECK: %ame.in.line = icmp ule i64 %ame.line.off, 60
; CHECK-NEXT: br i1 %ame.in.line, label %ame.line.fill, label %ame.line.cross, !prof
; CHECK: ame.line.cross:
; CHECK-NEXT: %ame.cross.start = call ptr @llvm.ptrmask.p0.i64(ptr %pi, i64 -64)
; CHECK-NEXT: [[AT:%.*]] = ptrtoint ptr %ame.cross.start to i64
; CHECK-NEXT: %ame.cross.has = icmp eq i64 %ame.held.0, [[AT]]
; CHECK-NEXT: br i1 %ame.cross.has, label %ame.line.cross.next, label %ame.line.cross.fill
; CHECK: ame.line.cross.fill:
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %ame.line, ptr %ame.cross.start, i64 64,
; CHECK-NEXT: br label %ame.line.cross.next
; CHECK: ame.line.cross.next:
; CHECK-NEXT: [[UP:%.*]] = getelementptr inbounds i8, ptr %ame.line, i64 64
; CHECK-NEXT: %ame.cross.next = getelementptr inbounds i8, ptr %ame.cross.start, i64 64
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr [[UP]], ptr %ame.cross.next, i64 64,
; CHECK-NEXT: [[IN:%.*]] = getelementptr inbounds i8, ptr %ame.line, i64 %ame.line.off
; CHECK-NEXT: [[V:%.*]] = load i32, ptr [[IN]], align 1
; CHECK-NEXT: [[MOVED:%.*]] = load <64 x i8>, ptr [[UP]], align 64
; CHECK-NEXT: store <64 x i8> [[MOVED]], ptr %ame.line, align 64
; CHECK-NEXT: [[NEXT:%.*]] = ptrtoint ptr %ame.cross.next to i64
; CHECK-NEXT: br label
; CHECK: phi i64 {{.*}}[ [[NEXT]], %ame.line.cross.next ]
; CHECK: phi i32 {{.*}}[ [[V]], %ame.line.cross.next ]
; CHECK-NOT: @__ame_load_4(
; CHECK: ret i32
; OFF-LABEL: define i32 @sum(
; OFF: %ame.line = alloca [128 x i8], align 64
; OFF-NOT: ame.line.cross
; OFF: call i32 @__ame_load_4(ptr %tx, ptr %pi,
; OFF-NOT: ame.line.cross
; OFF: ret i32
define i32 @sum(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s2, %loop ]
  %pi = getelementptr inbounds i8, ptr %p, i64 %i
  %v = load i32, ptr %pi, align 1
  %s2 = add i32 %s, %v
  %next = add nuw i64 %i, 4
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret i32 %s2
}
