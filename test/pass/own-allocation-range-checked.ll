; A store (or a load whose pointer is not only inbounds offsets of the block)
; that may lie in a block the same execution of the function
; allocated, at an offset or of a size known only at run time, runs plainly
; when a check finds it inside the block, and through its barrier otherwise;
; memset and memcpy into such a block too (memcpy keeps a barrier on its
; source). Not when the pointer went through memory (it may have been
; replaced), when a call that may free the block lies between allocation
; and access, or when the block comes from an earlier transaction; nor with
; -ame-skip-own-allocation-ranges=false.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-skip-own-allocation-ranges=false -S %s | FileCheck %s --check-prefix=OFF
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global ptr null

declare ptr @__ame_malloc(ptr, i64)
declare ptr @__ame_calloc(ptr, i64, i64)
declare void @__ame_free(ptr, ptr)
declare void @other()

; The bound is computed once after the allocation: offsets below it fit 4
; bytes; a null block or one smaller than 4 bytes gets 0 (nothing fits).
; CHECK-LABEL: define i32 @variable_index(
; CHECK: %p = call ptr @__ame_malloc(ptr %tx, i64 %bytes)
; CHECK-NEXT: [[FITS:%.*]] = icmp ule i64 4, %bytes
; CHECK-NEXT: [[NONNULL:%.*]] = icmp ne ptr %p, null
; CHECK-NEXT: [[OK:%.*]] = and i1 [[NONNULL]], [[FITS]]
; CHECK-NEXT: [[LAST:%.*]] = sub i64 %bytes, 4
; CHECK-NEXT: [[END:%.*]] = add i64 [[LAST]], 1
; CHECK-NEXT: %ame.alloc.bound = select i1 [[OK]], i64 [[END]], i64 0
; CHECK: %ame.off = sub i64
; CHECK-NEXT: %ame.in.block = icmp ult i64 %ame.off, %ame.alloc.bound
; CHECK-NEXT: br i1 %ame.in.block, label %[[PLAIN:.*]], label %[[BARRIER:.*]], !prof
; CHECK: [[PLAIN]]:
; CHECK-NEXT: store i32 7, ptr %a
; CHECK: [[BARRIER]]:
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr %a, i32 7,
; A load through inbounds offsets needs no check (own-allocation-inbounds-loads.ll).
; CHECK: %v = load i32, ptr %a
; CHECK-NEXT: ret i32 %v
; OFF-LABEL: define i32 @variable_index(
; OFF-NOT: ame.in.block
; OFF: call void @__ame_store_4(
; OFF-NOT: ame.in.block
; OFF: ret i32
define i32 @variable_index(ptr %tx, i64 %n, i64 %i) "ame-tx-clone" {
  %bytes = shl i64 %n, 2
  %p = call ptr @__ame_malloc(ptr %tx, i64 %bytes)
  %a = getelementptr inbounds i32, ptr %p, i64 %i
  store i32 7, ptr %a
  %v = load i32, ptr %a
  ret i32 %v
}

; calloc's size is the product of its arguments.
; CHECK-LABEL: define void @memset_variable(
; CHECK: %ame.alloc.size = mul i64 %n, 8
; CHECK: %ame.in.block = and i1
; CHECK: call void @llvm.memset.p0.i64(ptr %p, i8 1, i64 %m, i1 false)
; CHECK: call void @__ame_memset(ptr %tx, ptr %p, i32 1, i64 %m,
define void @memset_variable(ptr %tx, i64 %n, i64 %m) "ame-tx-clone" {
  %p = call ptr @__ame_calloc(ptr %tx, i64 %n, i64 8)
  call void @llvm.memset.p0.i64(ptr %p, i8 1, i64 %m, i1 false)
  ret void
}

; CHECK-LABEL: define void @copy_in(
; CHECK: br i1 %ame.in.block,
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %p, ptr %src, i64 %n,
; CHECK: call void @__ame_memcpy(ptr %tx, ptr %p, ptr %src, i64 %n,
define void @copy_in(ptr %tx, ptr %src, i64 %n) "ame-tx-clone" {
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %src, i64 %n, i1 false)
  store ptr %p, ptr @g
  ret void
}

; Loops of the same block through a pointer phi are followed.
; CHECK-LABEL: define void @through_phi(
; CHECK: loop:
; CHECK: %ame.in.block = icmp ult
; CHECK: store i8 0, ptr %q
; CHECK: call void @__ame_store_1(ptr %tx, ptr %q, i8 0,
define void @through_phi(ptr %tx, i64 %n) "ame-tx-clone" {
entry:
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  %end = getelementptr inbounds i8, ptr %p, i64 %n
  br label %loop
loop:
  %q = phi ptr [ %p, %entry ], [ %next, %loop ]
  store i8 0, ptr %q
  %next = getelementptr inbounds i8, ptr %q, i64 1
  %done = icmp eq ptr %next, %end
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; The pointer escapes and comes back through memory: whatever @g holds
; after the call, it is not known to be this block.
; CHECK-LABEL: define void @escapes_and_comes_back(
; CHECK-NOT: ame.in.block
; CHECK: call void @__ame_store_1(ptr %tx, ptr %a, i8 1,
; CHECK-NOT: ame.in.block
; CHECK: ret void
define void @escapes_and_comes_back(ptr %tx, i64 %n, i64 %i) "ame-tx-clone" {
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  store ptr %p, ptr @g
  call void @other()
  %q = load ptr, ptr @g
  %a = getelementptr inbounds i8, ptr %q, i64 %i
  store i8 1, ptr %a
  ret void
}

; A call between the allocation and the access may free the block (it may
; reach it through @g), and a freed block goes back to the allocator.
; CHECK-LABEL: define void @call_between(
; CHECK-NOT: ame.in.block
; CHECK: call void @__ame_store_1(ptr %tx, ptr %a, i8 1,
; CHECK-NOT: ame.in.block
; CHECK: ret void
define void @call_between(ptr %tx, i64 %n, i64 %i) "ame-tx-clone" {
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  store ptr %p, ptr @g
  call void @other()
  %a = getelementptr inbounds i8, ptr %p, i64 %i
  store i8 1, ptr %a
  ret void
}

; The free of the previous iteration reaches the access.
; CHECK-LABEL: define void @freed_in_loop(
; CHECK-NOT: ame.in.block
; CHECK: call void @__ame_store_1(ptr %tx, ptr %a, i8 1,
; CHECK-NOT: ame.in.block
; CHECK: call void @__ame_free(
define void @freed_in_loop(ptr %tx, i64 %n, i64 %i) "ame-tx-clone" {
entry:
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  br label %loop
loop:
  %a = getelementptr inbounds i8, ptr %p, i64 %i
  store i8 1, ptr %a
  call void @__ame_free(ptr %tx, ptr %p)
  br label %loop
}

; Allocated by an earlier transaction: no allocation call in this function.
; CHECK-LABEL: define void @previous_transaction(
; CHECK-NOT: ame.in.block
; CHECK: call void @__ame_store_1(ptr %tx, ptr %a, i8 1,
; CHECK-NOT: ame.in.block
; CHECK: ret void
define void @previous_transaction(ptr %tx, i64 %i) "ame-tx-clone" {
  %q = load ptr, ptr @g
  %a = getelementptr inbounds i8, ptr %q, i64 %i
  store i8 1, ptr %a
  ret void
}
