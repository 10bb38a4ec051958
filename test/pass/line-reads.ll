; A load of an innermost loop that walks shared memory at a constant stride
; below a line, in a loop where nothing may write what it reads, reads a
; 64-byte copy of its line taken by one barrier (__ame_load_bytes of the
; aligned line) when it enters a line the buffer does not hold; each entry of
; the loop forgets the buffer's line; an access that crosses into the next
; line keeps its barrier (here, -ame-line-reads-across=false; reading the
; two lines instead: line-reads-across.ll). Memory of earlier transactions reached through a
; parameter is such shared memory (compare, sum). Not when a store in the loop
; may write it (through another parameter, or through a pointer that escaped
; into a global and came back), when a call in the loop may write memory or
; end the transaction's hold on the line, for a block this transaction
; allocated (plain or range-checked instead), at a stride of a line or more, for the
; scalar loads of a loop the vectorizer made or left that no vector loop
; precedes (a remainder alone is too short to pay; one entered from its
; vector loop reads that loop's copy: line-reads-remainder.ll), nor with
; -ame-line-reads=false. The vector loads of a vectorized
; loop do (not with -ame-line-reads-vectorized=false). Loads of one block a
; fixed distance apart within one stride share a buffer (each line copied
; once); loads further apart, or of other objects, have their own. Here each
; load tests the buffer's line itself (-ame-line-reads-group=false); the loads
; of one iteration sharing a buffer test it once: line-reads-group.ll.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-reads-group=false -ame-line-reads-across=false -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-reads=false -S %s | FileCheck %s --check-prefix=OFF
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-reads-vectorized=false -S %s | FileCheck %s --check-prefix=NOVEC
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global ptr null

declare ptr @__ame_malloc(ptr, i64)
declare void @other()

; Two streams, two buffers; the line is forgotten on entering the loop (the
; slot, which says which line the buffer holds, is an SSA value). A byte
; never crosses a line: no barrier is left.
; CHECK-LABEL: define i32 @compare(
; CHECK: %ame.line{{[0-9]*}} = alloca [128 x i8], align 64
; CHECK-NOT: %ame.held{{[0-9]*}} = alloca
; CHECK: loop:
; CHECK-NEXT: %ame.held{{[0-9]*}}.0 = phi i64 [ 1, %loop.preheader ],
; CHECK-NEXT: %ame.held.0 = phi i64 [ 1, %loop.preheader ], [ %ame.held.1, %latch ]
; CHECK: [[A:%.*]] = ptrtoint ptr %pa to i64
; CHECK-NEXT: %ame.in.held = sub i64 [[A]], %ame.held.0
; CHECK-NEXT: %ame.hit = icmp ule i64 %ame.in.held, 63
; CHECK-NEXT: br i1 %ame.hit, label %ame.line.read, label %ame.line.miss, !prof
; CHECK: ame.line.miss:
; CHECK-NEXT: %ame.line.off = and i64 [[A]], 63
; CHECK-NEXT: br label %ame.line.fill
; CHECK: ame.line.fill:
; CHECK: %ame.line.start = call ptr @llvm.ptrmask.p0.i64(ptr %pa, i64 -64)
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %ame.line, ptr %ame.line.start, i64 64,
; CHECK-NEXT: [[L:%.*]] = ptrtoint ptr %ame.line.start to i64
; CHECK: ame.line.read:
; CHECK-NEXT: %ame.held.1 = phi i64 [ %ame.held.0, %loop ], [ [[L]], %ame.line.fill ]
; CHECK-NEXT: %ame.in.line.at = phi i64 [ %ame.in.held, %loop ], [ %ame.line.off, %ame.line.fill ]
; CHECK-NEXT: %ame.in.buffer = getelementptr inbounds i8, ptr %ame.line, i64 %ame.in.line.at
; CHECK-NEXT: load i8, ptr %ame.in.buffer, align 1
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.line{{[0-9]+}},
; CHECK-NOT: __ame_load_1
; CHECK: ret i32 0
; OFF-LABEL: define i32 @compare(
; OFF-NOT: ame.line
; OFF: call i8 @__ame_load_1(ptr %tx, ptr %pa,
; OFF-NOT: ame.line
; OFF: ret i32 0
define i32 @compare(ptr %tx, ptr %a, ptr %b, i64 %n) "ame-tx-clone" {
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %same, label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %latch ]
  %pa = getelementptr inbounds i8, ptr %a, i64 %i
  %pb = getelementptr inbounds i8, ptr %b, i64 %i
  %ca = load i8, ptr %pa
  %cb = load i8, ptr %pb
  %eq = icmp eq i8 %ca, %cb
  br i1 %eq, label %latch, label %differ

latch:
  %next = add nuw i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %same, label %loop

same:
  ret i32 1

differ:
  ret i32 0
}

; Four bytes may cross into the next line: then the barrier, out of line.
; CHECK-LABEL: define i32 @sum(
; CHECK: %ame.hit = icmp ule i64 %ame.in.held, 60
; CHECK: %v = call i32 @__ame_load_4(ptr %tx, ptr %pi, {{.*}}) #[[NOINLINE:[0-9]+]]
; CHECK: ame.line.miss:
; CHECK: %ame.in.line = icmp ule i64 %ame.line.off, 60
; CHECK-NEXT: br i1 %ame.in.line, label %ame.line.fill, label %{{.*}}, !prof
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.line, ptr %ame.line.start, i64 64,
; CHECK: load i32, ptr %ame.in.buffer, align 4
; CHECK: ret i32
define i32 @sum(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s2, %loop ]
  %pi = getelementptr inbounds i32, ptr %p, i64 %i
  %v = load i32, ptr %pi
  %s2 = add i32 %s, %v
  %next = add nuw i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret i32 %s2
}

; CHECK-LABEL: define void @store_may_alias(
; CHECK-NOT: ame.line
; CHECK: call i32 @__ame_load_4(ptr %tx, ptr %pa,
; CHECK-NOT: ame.line
; CHECK: ret void
define void @store_may_alias(ptr %tx, ptr %a, ptr %b, i64 %n) "ame-tx-clone" {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %pa = getelementptr inbounds i32, ptr %a, i64 %i
  %v = load i32, ptr %pa
  %pb = getelementptr inbounds i32, ptr %b, i64 %i
  store i32 %v, ptr %pb
  %next = add nuw i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret void
}

; CHECK-LABEL: define i32 @escapes_and_comes_back(
; CHECK-NOT: ame.line
; CHECK: call i32 @__ame_load_4(ptr %tx, ptr %pa,
; CHECK-NOT: ame.line
; CHECK: ret i32
define i32 @escapes_and_comes_back(ptr %tx, ptr %a, i64 %n) "ame-tx-clone" {
entry:
  store ptr %a, ptr @g
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s2, %loop ]
  %pa = getelementptr inbounds i32, ptr %a, i64 %i
  %v = load i32, ptr %pa
  %s2 = add i32 %s, %v
  %q = load ptr, ptr @g
  %next = add nuw i64 %i, 1
  %pq = getelementptr inbounds i32, ptr %q, i64 %next
  store i32 %s2, ptr %pq
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret i32 %s2
}

; CHECK-LABEL: define i32 @call_in_loop(
; CHECK-NOT: ame.line
; CHECK: call i32 @__ame_load_4(ptr %tx, ptr %pa,
; CHECK-NOT: ame.line
; CHECK: ret i32
define i32 @call_in_loop(ptr %tx, ptr %a, i64 %n) "ame-tx-clone" {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s2, %loop ]
  %pa = getelementptr inbounds i32, ptr %a, i64 %i
  %v = load i32, ptr %pa
  call void @other()
  %s2 = add i32 %s, %v
  %next = add nuw i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret i32 %s2
}

; CHECK-LABEL: define i32 @own_block(
; CHECK-NOT: ame.line
; CHECK: %v = load i32, ptr %pi
; CHECK-NOT: ame.line
; CHECK: ret i32
define i32 @own_block(ptr %tx, i64 %n) "ame-tx-clone" {
entry:
  %bytes = shl i64 %n, 2
  %p = call ptr @__ame_malloc(ptr %tx, i64 %bytes)
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s2, %loop ]
  %pi = getelementptr inbounds i32, ptr %p, i64 %i
  %v = load i32, ptr %pi
  %s2 = add i32 %s, %v
  %next = add nuw i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret i32 %s2
}

; CHECK-LABEL: define i32 @line_stride(
; CHECK-NOT: ame.line
; CHECK: call i32 @__ame_load_4(ptr %tx, ptr %pi,
; CHECK-NOT: ame.line
; CHECK: ret i32
define i32 @line_stride(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s2, %loop ]
  %k = shl i64 %i, 4
  %pi = getelementptr inbounds i32, ptr %p, i64 %k
  %v = load i32, ptr %pi
  %s2 = add i32 %s, %v
  %next = add nuw i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret i32 %s2
}

; The scalar remainder of a vectorized loop.
; CHECK-LABEL: define i32 @vectorized_remainder(
; CHECK-NOT: ame.line
; CHECK: call i32 @__ame_load_4(ptr %tx, ptr %pi,
; CHECK-NOT: ame.line
; CHECK: ret i32
define i32 @vectorized_remainder(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s2, %loop ]
  %pi = getelementptr inbounds i32, ptr %p, i64 %i
  %v = load i32, ptr %pi
  %s2 = add i32 %s, %v
  %next = add nuw i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop, !llvm.loop !0

exit:
  ret i32 %s2
}

; The vector body: two 16-byte loads an iteration, one buffer for both.
; CHECK-LABEL: define i64 @vector_sum(
; CHECK: %ame.line{{[0-9]*}} = alloca [128 x i8], align 64
; CHECK-NOT: alloca [64 x i8]
; CHECK: vector.body:
; CHECK-NEXT: %ame.held.0 = phi i64 [ 1, %vector.ph ],
; CHECK: %ame.hit = icmp ule i64 %ame.in.held, 48
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.line, ptr %ame.line.start, i64 64,
; CHECK: load <2 x i64>, ptr %ame.in.buffer, align 8
; CHECK: %ame.hit{{[0-9]+}} = icmp ule i64 %ame.in.held{{[0-9]+}}, 48
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.line, ptr %ame.line.start{{[0-9]+}}, i64 64,
; CHECK: load <2 x i64>, ptr %ame.in.buffer{{[0-9]+}}, align 8
; CHECK: ret i64
; NOVEC-LABEL: define i64 @vector_sum(
; NOVEC-NOT: ame.line
; NOVEC: call void @__ame_load_bytes(ptr %tx, ptr {{.*}}, ptr %p0, i64 16,
; NOVEC-NOT: ame.line
; NOVEC: ret i64
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
  br i1 %done, label %exit, label %vector.body, !llvm.loop !2

exit:
  %s = add <2 x i64> %s0n, %s1n
  %r = call i64 @llvm.vector.reduce.add.v2i64(<2 x i64> %s)
  ret i64 %r
}

declare i64 @llvm.vector.reduce.add.v2i64(<2 x i64>)

; An unrolled scalar walk: a[i] and a[i + 1] share a buffer; a[i + 4] is a
; stride ahead of a[i] (it would take the line back and forth): its own.
; CHECK-LABEL: define i32 @unrolled(
; CHECK-COUNT-2: alloca [128 x i8], align 64
; CHECK-NOT: alloca [64 x i8]
; CHECK: loop:
; CHECK-NEXT: phi i64 [ 1, %entry ],
; CHECK-NEXT: phi i64 [ 1, %entry ],
; CHECK-NOT: phi i64 [ 1, %entry ],
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr [[SHARED:%ame.line[0-9]*]], ptr %ame.line.start{{[0-9]*}}, i64 64,
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr [[SHARED]], ptr %ame.line.start{{[0-9]*}}, i64 64,
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr [[OWN:%ame.line[0-9]*]], ptr %ame.line.start{{[0-9]*}}, i64 64,
; CHECK-NOT: __ame_load_bytes(ptr %tx, ptr [[SHARED]]
; CHECK: ret i32
define i32 @unrolled(ptr %tx, ptr %p, i64 %n) "ame-tx-clone" {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s3, %loop ]
  %p0 = getelementptr inbounds i32, ptr %p, i64 %i
  %p1 = getelementptr inbounds i8, ptr %p0, i64 4
  %p4 = getelementptr inbounds i8, ptr %p0, i64 16
  %v0 = load i32, ptr %p0
  %v1 = load i32, ptr %p1
  %v4 = load i32, ptr %p4
  %s1 = add i32 %s, %v0
  %s2 = add i32 %s1, %v1
  %s3 = add i32 %s2, %v4
  %next = add nuw i64 %i, 2
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret i32 %s3
}

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.isvectorized", i32 1}
!2 = distinct !{!2, !1}

; CHECK: attributes #[[NOINLINE]] = { noinline }
