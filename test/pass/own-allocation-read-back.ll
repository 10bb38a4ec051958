; A load through a pointer read back from a local of the function, through
; inbounds GEPs, phis and selects, when the local's address never escapes
; and every value stored into it is a block of one allocation of the same
; function, not freed since: the pointer is one of those blocks (the local
; array of the blocks a loop allocated), and the load runs plainly, without
; a barrier or a check. A store through it keeps its barrier. Not when the
; local also holds another pointer, a call that may free a block lies
; between, the local's address escapes, an offset is not inbounds, the local
; holds blocks of two allocations, nor for a block of an earlier
; transaction; nor with -ame-skip-own-allocation-ranges=false.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-analysis=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-skip-own-allocation-ranges=false -S %s | FileCheck %s --check-prefix=OFF
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global ptr null

declare noalias ptr @__ame_malloc(ptr, i64)
declare void @__ame_free(ptr, ptr)
declare void @other()
declare void @take(ptr)

; Blocks a loop allocated, kept in a local array, read back in a later loop.
; REMARK: remark: <unknown>:0:0: load from memory this transaction allocated, through a pointer read back from a local that holds only such blocks, runs without a barrier or a check
; REMARK-NOT: read back
; CHECK-LABEL: define i64 @read_back(
; CHECK: sum:
; CHECK: %v = load i64, ptr %f, align 8
; CHECK-NEXT: call void @__ame_store_8(ptr %tx, ptr %f, i64 %acc,
; OFF-LABEL: define i64 @read_back(
; OFF: %v = call i64 @__ame_load_8(ptr %tx, ptr %f,
define i64 @read_back(ptr %tx, i64 %n) "ame-tx-clone" {
entry:
  %fresh = alloca [4 x ptr], align 16
  br label %alloc
alloc:
  %i = phi i64 [ 0, %entry ], [ %i1, %alloc ]
  %b = call ptr @__ame_malloc(ptr %tx, i64 16)
  store i64 %i, ptr %b, align 8
  %slot = getelementptr inbounds [4 x ptr], ptr %fresh, i64 0, i64 %i
  store ptr %b, ptr %slot, align 8
  %i1 = add i64 %i, 1
  %more = icmp ult i64 %i1, %n
  br i1 %more, label %alloc, label %sum
sum:
  %j = phi i64 [ 0, %alloc ], [ %j1, %sum ]
  %acc = phi i64 [ 0, %alloc ], [ %acc1, %sum ]
  %rs = getelementptr inbounds [4 x ptr], ptr %fresh, i64 0, i64 %j
  %r = load ptr, ptr %rs, align 8
  %f = getelementptr inbounds i8, ptr %r, i64 8
  %v = load i64, ptr %f, align 8
  store i64 %acc, ptr %f, align 8
  %acc1 = add i64 %acc, %v
  %j1 = add i64 %j, 1
  %again = icmp ult i64 %j1, %n
  br i1 %again, label %sum, label %done
done:
  ret i64 %acc1
}

; The local holds a pointer the transaction did not allocate too.
; CHECK-LABEL: define i64 @mixed(
; CHECK: %v = call i64 @__ame_load_8(ptr %tx, ptr %
define i64 @mixed(ptr %tx, ptr %p) "ame-tx-clone" {
entry:
  %fresh = alloca [2 x ptr], align 16
  %b = call ptr @__ame_malloc(ptr %tx, i64 16)
  store ptr %b, ptr %fresh, align 16
  %s1 = getelementptr inbounds [2 x ptr], ptr %fresh, i64 0, i64 1
  store ptr %p, ptr %s1, align 8
  %r = load ptr, ptr %s1, align 8
  %v = load i64, ptr %r, align 8
  ret i64 %v
}

; A free between the allocation and the read.
; CHECK-LABEL: define i64 @freed_between(
; CHECK: %v = call i64 @__ame_load_8(ptr %tx, ptr %
define i64 @freed_between(ptr %tx, ptr %q) "ame-tx-clone" {
entry:
  %fresh = alloca [1 x ptr], align 8
  %b = call ptr @__ame_malloc(ptr %tx, i64 16)
  store ptr %b, ptr %fresh, align 8
  call void @__ame_free(ptr %tx, ptr %q)
  %r = load ptr, ptr %fresh, align 8
  %v = load i64, ptr %r, align 8
  ret i64 %v
}

; The local's address escapes: anything may be stored into it.
; CHECK-LABEL: define i64 @local_escapes(
; CHECK: %v = call i64 @__ame_load_8(ptr %tx, ptr %
define i64 @local_escapes(ptr %tx) "ame-tx-clone" {
entry:
  %fresh = alloca [1 x ptr], align 8
  %b = call ptr @__ame_malloc(ptr %tx, i64 16)
  store ptr %b, ptr %fresh, align 8
  call void @take(ptr %fresh)
  %r = load ptr, ptr %fresh, align 8
  %v = load i64, ptr %r, align 8
  ret i64 %v
}

; An offset without inbounds may leave the block.
; CHECK-LABEL: define i64 @not_inbounds(
; CHECK: %v = call i64 @__ame_load_8(ptr %tx, ptr %
define i64 @not_inbounds(ptr %tx, i64 %k) "ame-tx-clone" {
entry:
  %fresh = alloca [1 x ptr], align 8
  %b = call ptr @__ame_malloc(ptr %tx, i64 16)
  store ptr %b, ptr %fresh, align 8
  %r = load ptr, ptr %fresh, align 8
  %f = getelementptr i64, ptr %r, i64 %k
  %v = load i64, ptr %f, align 8
  ret i64 %v
}

; Blocks of two allocations.
; CHECK-LABEL: define i64 @two_allocations(
; CHECK: %v = call i64 @__ame_load_8(ptr %tx, ptr %
define i64 @two_allocations(ptr %tx, i1 %c) "ame-tx-clone" {
entry:
  %fresh = alloca [2 x ptr], align 16
  %a = call ptr @__ame_malloc(ptr %tx, i64 16)
  store ptr %a, ptr %fresh, align 16
  %b = call ptr @__ame_malloc(ptr %tx, i64 16)
  %s1 = getelementptr inbounds [2 x ptr], ptr %fresh, i64 0, i64 1
  store ptr %b, ptr %s1, align 8
  %s = select i1 %c, ptr %fresh, ptr %s1
  %r = load ptr, ptr %s, align 8
  %v = load i64, ptr %r, align 8
  ret i64 %v
}

; A block of an earlier transaction, read from a global.
; CHECK-LABEL: define i64 @earlier_transaction(
; CHECK: %v = call i64 @__ame_load_8(ptr %tx, ptr %
define i64 @earlier_transaction(ptr %tx) "ame-tx-clone" {
entry:
  %r = load ptr, ptr @g, align 8
  %v = load i64, ptr %r, align 8
  ret i64 %v
}
