; A store of an innermost loop that walks shared memory at a constant stride
; below a line, in a loop where nothing reads what it writes, writes the
; write log's buffer of its line: where it enters a line other than the one
; it holds, the bits of the bytes written in the held line are handed over
; to that line's mask and one call (__ame_open_line) opens the new line;
; each exit of the loop hands the bits over too. The held line, buffer,
; mask and bits are SSA values, reset on entering the loop. A store that
; crosses into the next line keeps its barrier, out of line. Stores of one
; block a fixed distance apart within one stride share the held line. Not
; when a load in the loop may read what the store writes (the array read
; back, a pointer that escaped into a global and came back), when the loop
; calls a function, for a block this transaction allocated, at a stride of a
; line or more, for the scalar stores of a loop the vectorizer made or left
; (its vector stores do), nor with -ame-line-writes=false.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-line-writes=false -S %s | FileCheck %s --check-prefix=OFF
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global ptr null

declare ptr @__ame_malloc(ptr, i64)
declare void @other()

; CHECK-LABEL: define i64 @fill(
; CHECK: %ame.wmask.none = alloca i64
; CHECK: %ame.wmask.out = alloca ptr
; CHECK: loop:
; CHECK-DAG: %ame.wbits.0 = phi i64 [ 0, %loop.preheader ],
; CHECK-DAG: %ame.wmask.at.0 = phi ptr [ %ame.wmask.none, %loop.preheader ],
; CHECK-DAG: %ame.wheld.0 = phi i64 [ 1, %loop.preheader ],
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: %ame.in.held = sub i64 [[A]], %ame.wheld.0
; CHECK-NEXT: %ame.whit = icmp ule i64 %ame.in.held, 56
; CHECK-NEXT: br i1 %ame.whit, label %ame.wline.write, label %ame.wline.miss, !prof
; CHECK: call void @__ame_store_8(ptr %tx, ptr %p, i64 %v, {{.*}}) #[[NOINLINE:[0-9]+]]
; CHECK: ame.wline.miss:
; CHECK-NEXT: %ame.line.off = and i64 [[A]], 63
; CHECK-NEXT: %ame.win.line = icmp ule i64 %ame.line.off, 56
; CHECK: ame.wline.open:
; CHECK-NEXT: [[HAD:%.*]] = load i64, ptr %ame.wmask.at.0, align 8
; CHECK-NEXT: [[ALL:%.*]] = or i64 [[HAD]], %ame.wbits.0
; CHECK-NEXT: store i64 [[ALL]], ptr %ame.wmask.at.0, align 8
; CHECK-NEXT: [[BUF:%.*]] = call ptr @__ame_open_line(ptr %tx, ptr %p, ptr %ame.wmask.out,
; CHECK-NEXT: %ame.wmask.new = load ptr, ptr %ame.wmask.out, align 8
; CHECK-NEXT: %ame.wline.at = and i64 [[A]], -64
; CHECK: ame.wline.write:
; CHECK-DAG: %ame.wbits.1 = phi i64 [ %ame.wbits.0, %loop ], [ 0, %ame.wline.open ]
; CHECK-DAG: %ame.wline.1 = phi ptr [ %ame.wline.0, %loop ], [ [[BUF]], %ame.wline.open ]
; CHECK-DAG: %ame.win.line.at = phi i64 [ %ame.in.held, %loop ], [ %ame.line.off, %ame.wline.open ]
; CHECK: %ame.win.buffer = getelementptr inbounds i8, ptr %ame.wline.1, i64 %ame.win.line.at
; CHECK-NEXT: store i64 %v, ptr %ame.win.buffer, align 8
; CHECK-NEXT: [[B:%.*]] = shl i64 255, %ame.win.line.at
; CHECK-NEXT: %ame.wbits.now = or i64 %ame.wbits.1, [[B]]
; CHECK: done.loopexit:
; CHECK-NEXT: [[XHAD:%.*]] = load i64, ptr %ame.wmask.at.2, align 8
; CHECK-NEXT: [[XALL:%.*]] = or i64 [[XHAD]], %ame.wbits.2
; CHECK-NEXT: store i64 [[XALL]], ptr %ame.wmask.at.2, align 8
; CHECK: done:
; CHECK-NEXT: call i64 @__ame_load_8(ptr %tx, ptr %a,
; OFF-LABEL: define i64 @fill(
; OFF-NOT: __ame_open_line
; OFF: call void @__ame_store_8(ptr %tx, ptr %p, i64 %v,
; OFF-NOT: __ame_open_line
; OFF: ret i64
define i64 @fill(ptr %tx, ptr %a, i64 %n, i64 %v) "ame-tx-clone" {
entry:
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %done, label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %p = getelementptr inbounds i64, ptr %a, i64 %i
  store i64 %v, ptr %p
  %next = add nuw i64 %i, 1
  %more = icmp ult i64 %next, %n
  br i1 %more, label %loop, label %done

done:
  %first = load i64, ptr %a
  ret i64 %first
}

; A byte never crosses a line: no barrier is left. Two stores of one
; iteration a byte apart within their stride of 2 share the held line.
; CHECK-LABEL: define void @pairs(
; CHECK-COUNT-2: call ptr @__ame_open_line(
; CHECK-NOT: __ame_store_1
; CHECK-NOT: ame.wheld{{.*}} = phi i64 [ 1, %loop.preheader ]
; CHECK: ret void
define void @pairs(ptr %tx, ptr %a, i64 %n) "ame-tx-clone" {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %p = getelementptr inbounds i8, ptr %a, i64 %i
  store i8 1, ptr %p
  %q = getelementptr inbounds i8, ptr %p, i64 1
  store i8 2, ptr %q
  %next = add nuw i64 %i, 2
  %more = icmp ult i64 %next, %n
  br i1 %more, label %loop, label %exit

exit:
  ret void
}

; CHECK-LABEL: define void @reads_back(
; CHECK-NOT: __ame_open_line
; CHECK: call void @__ame_store_8(ptr %tx, ptr %p,
; CHECK-NOT: __ame_open_line
; CHECK: ret void
define void @reads_back(ptr %tx, ptr %a, i64 %n) "ame-tx-clone" {
entry:
  br label %loop

loop:
  %i = phi i64 [ 1, %entry ], [ %next, %loop ]
  %prev = getelementptr inbounds i64, ptr %a, i64 %i
  %pp = getelementptr inbounds i64, ptr %prev, i64 -1
  %v = load i64, ptr %pp
  %v1 = add i64 %v, 1
  %p = getelementptr inbounds i64, ptr %a, i64 %i
  store i64 %v1, ptr %p
  %next = add nuw i64 %i, 1
  %more = icmp ult i64 %next, %n
  br i1 %more, label %loop, label %exit

exit:
  ret void
}

; The array escaped into @g; the loop reads it back through @g.
; CHECK-LABEL: define void @escapes_and_comes_back(
; CHECK-NOT: __ame_open_line
; CHECK: call void @__ame_store_4(ptr %tx, ptr %p,
; CHECK-NOT: __ame_open_line
; CHECK: ret void
define void @escapes_and_comes_back(ptr %tx, ptr %a, i64 %n) "ame-tx-clone" {
entry:
  store ptr %a, ptr @g
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %q = load ptr, ptr @g
  %w = load i32, ptr %q
  %p = getelementptr inbounds i32, ptr %a, i64 %i
  store i32 %w, ptr %p
  %next = add nuw i64 %i, 1
  %more = icmp ult i64 %next, %n
  br i1 %more, label %loop, label %exit

exit:
  ret void
}

; CHECK-LABEL: define void @call_in_loop(
; CHECK-NOT: __ame_open_line
; CHECK: call void @__ame_store_4(ptr %tx, ptr %p,
; CHECK-NOT: __ame_open_line
; CHECK: ret void
define void @call_in_loop(ptr %tx, ptr %a, i64 %n) "ame-tx-clone" {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %p = getelementptr inbounds i32, ptr %a, i64 %i
  store i32 7, ptr %p
  call void @other()
  %next = add nuw i64 %i, 1
  %more = icmp ult i64 %next, %n
  br i1 %more, label %loop, label %exit

exit:
  ret void
}

; A block this transaction allocated is written in place (plain or after a
; range check), not through a buffer.
; CHECK-LABEL: define void @own_block(
; CHECK-NOT: __ame_open_line
; CHECK: ret void
define void @own_block(ptr %tx, i64 %n) "ame-tx-clone" {
entry:
  %bytes = shl i64 %n, 2
  %a = call ptr @__ame_malloc(ptr %tx, i64 %bytes)
  store ptr %a, ptr @g
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %p = getelementptr inbounds i32, ptr %a, i64 %i
  store i32 7, ptr %p
  %next = add nuw i64 %i, 1
  %more = icmp ult i64 %next, %n
  br i1 %more, label %loop, label %exit

exit:
  ret void
}

; CHECK-LABEL: define void @line_stride(
; CHECK-NOT: __ame_open_line
; CHECK: call void @__ame_store_8(ptr %tx, ptr %p,
; CHECK-NOT: __ame_open_line
; CHECK: ret void
define void @line_stride(ptr %tx, ptr %a, i64 %n) "ame-tx-clone" {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %p = getelementptr inbounds [8 x i64], ptr %a, i64 %i
  store i64 7, ptr %p
  %next = add nuw i64 %i, 1
  %more = icmp ult i64 %next, %n
  br i1 %more, label %loop, label %exit

exit:
  ret void
}

; A vectorized loop: its vector store does, the scalar store of its
; remainder does not.
; CHECK-LABEL: define void @vectorized(
; CHECK: call ptr @__ame_open_line(ptr %tx, ptr %pv,
; CHECK: store <2 x i64> <i64 7, i64 7>, ptr %ame.win.buffer, align 8
; CHECK-NEXT: shl i64 65535, %ame.win.line.at
; CHECK-NOT: __ame_open_line
; CHECK: call void @__ame_store_8(ptr %tx, ptr %ps,
; CHECK-NOT: __ame_open_line
; CHECK: ret void
; The barriers of crossing stores stay out of line.
; CHECK: attributes #[[NOINLINE]] = { noinline }
define void @vectorized(ptr %tx, ptr %a, i64 %n) "ame-tx-clone" {
entry:
  %nv = and i64 %n, -2
  br label %vloop

vloop:
  %i = phi i64 [ 0, %entry ], [ %inext, %vloop ]
  %pv = getelementptr inbounds i64, ptr %a, i64 %i
  store <2 x i64> <i64 7, i64 7>, ptr %pv, align 8
  %inext = add nuw i64 %i, 2
  %vmore = icmp ult i64 %inext, %nv
  br i1 %vmore, label %vloop, label %middle, !llvm.loop !0

middle:
  %rest = icmp ult i64 %nv, %n
  br i1 %rest, label %sloop, label %exit

sloop:
  %j = phi i64 [ %nv, %middle ], [ %jnext, %sloop ]
  %ps = getelementptr inbounds i64, ptr %a, i64 %j
  store i64 7, ptr %ps
  %jnext = add nuw i64 %j, 1
  %smore = icmp ult i64 %jnext, %n
  br i1 %smore, label %sloop, label %exit, !llvm.loop !2

exit:
  ret void
}

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.isvectorized", i32 1}
!2 = distinct !{!2, !1}
