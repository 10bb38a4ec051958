; In a region's thunk that nothing calls directly, a block allocated with
; __ame_malloc outside loops, whose address is only used to access it,
; compared, and freed, becomes `1 <= n <= 16384 ? slot : __ame_malloc`, the
; slot a fixed 16384-byte alloca of the entry block (no dynamic alloca, so
; the realigned frame needs no base pointer); its frees run only on the heap side, and accesses through it are range
; checked against the chosen block. Not when a pointer to it is stored,
; passed to a call or returned, when a pointer into it is freed, when the
; allocation is in a loop, in a clone, in a thunk called directly (a
; nested region), or in one that calls setjmp; nor with
; -ame-small-blocks-on-stack=false.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-small-blocks-on-stack=false -S %s | FileCheck %s --check-prefix=OFF
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global ptr null

declare ptr @__ame_malloc(ptr, i64)
declare void @__ame_free(ptr, ptr)
declare void @use(ptr)
declare i32 @__ame_run(ptr, ptr, ptr)

@site = constant i8 0

define void @caller() {
  call i32 @__ame_run(ptr @site, ptr @scratch.ame.region, ptr null)
  call i32 @__ame_run(ptr @site, ptr @stored.ame.region, ptr null)
  call i32 @__ame_run(ptr @site, ptr @in_loop.ame.region, ptr null)
  call i32 @__ame_run(ptr @site, ptr @interior_free.ame.region, ptr null)
  call i32 @__ame_run(ptr @site, ptr @with_setjmp.ame.region, ptr null)
  ret void
}

; REMARK: remark: <unknown>:0:0: block allocated and freed in the atomic block lives on its stack when it is at most 16384 bytes: no pointer to it leaves the block

; CHECK-LABEL: define i32 @scratch.ame.region(
; CHECK-NEXT: %ame.stack.block = alloca [16384 x i8], align 64
; CHECK-NOT: alloca
; CHECK: %ame.small.block = icmp ult i64 {{%.*}}, 16384
; CHECK-NEXT: br i1 %ame.small.block, label %[[STACK:.*]], label %[[HEAP:.*]], !prof
; CHECK: [[STACK]]:
; CHECK-NEXT: br label
; CHECK: [[HEAP]]:
; CHECK-NEXT: %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
; CHECK: %ame.block = phi ptr [ %ame.stack.block, %[[STACK]] ], [ %p, %[[HEAP]] ]
; CHECK: %ame.in.block = icmp ult i64 %ame.off, %ame.alloc.bound
; CHECK: store i32 1, ptr %a
; CHECK: call void @__ame_store_4(ptr %tx, ptr %a, i32 1,
; CHECK: [[FREED:%.*]] = select i1 %ame.small.block, ptr null, ptr %ame.block
; CHECK-NEXT: call void @__ame_free(ptr %tx, ptr [[FREED]])
; OFF-LABEL: define i32 @scratch.ame.region(
; OFF-NOT: alloca
; OFF: call void @__ame_free(ptr %tx, ptr %p)
define i32 @scratch.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %n = load i64, ptr %ctx, !ame.ctx !0
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  %i = load i64, ptr %ctx, !ame.ctx !0
  %a = getelementptr inbounds i32, ptr %p, i64 %i
  store i32 1, ptr %a
  %v = load i32, ptr %a
  call void @__ame_free(ptr %tx, ptr %p)
  ret i32 %v
}

; The address is stored: another attempt or thread may reach it.
; CHECK-LABEL: define i32 @stored.ame.region(
; CHECK-NOT: alloca
; CHECK: ret i32
define i32 @stored.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %n = load i64, ptr %ctx, !ame.ctx !0
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  store ptr %p, ptr @g
  call void @use(ptr %p)
  ret i32 0
}

; On an irreducible cycle (two ways into it, so no natural loop): the second
; run of the call would reuse the slot while the first block is still in use.
; CHECK-LABEL: define i32 @irreducible.ame.region(
; CHECK-NOT: alloca
; CHECK: ret i32
define i32 @irreducible.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
entry:
  %n = load i64, ptr %ctx, !ame.ctx !0
  %c = icmp ult i64 %n, 100
  br i1 %c, label %alloc, label %use
alloc:
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  store i32 1, ptr %p
  br label %use
use:
  %r = phi ptr [ null, %entry ], [ %p, %alloc ]
  %v = load i32, ptr %r
  %again = icmp eq i32 %v, 1
  br i1 %again, label %alloc, label %out
out:
  ret i32 %v
}

; In a loop: the blocks of several iterations may be in use at once.
; CHECK-LABEL: define i32 @in_loop.ame.region(
; CHECK-NOT: alloca
; CHECK: ret i32
define i32 @in_loop.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
entry:
  %n = load i64, ptr %ctx, !ame.ctx !0
  br label %loop
loop:
  %k = phi i64 [ 0, %entry ], [ %k1, %loop ]
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  store i8 0, ptr %p
  call void @__ame_free(ptr %tx, ptr %p)
  %k1 = add i64 %k, 1
  %done = icmp eq i64 %k1, 10
  br i1 %done, label %exit, label %loop
exit:
  ret i32 0
}

; A pointer into the block is freed (undefined, but not ours to move).
; CHECK-LABEL: define i32 @interior_free.ame.region(
; CHECK-NOT: alloca
; CHECK: ret i32
define i32 @interior_free.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %n = load i64, ptr %ctx, !ame.ctx !0
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  %q = getelementptr inbounds i8, ptr %p, i64 8
  call void @__ame_free(ptr %tx, ptr %q)
  ret i32 0
}

; A thunk called directly (a region nested in transactional code) may be on
; the stack more than once.
; CHECK-LABEL: define i32 @nested.ame.region(
; CHECK-NOT: alloca
; CHECK: ret i32
define i32 @nested.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %n = load i64, ptr %ctx, !ame.ctx !0
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  store i8 0, ptr %p
  call void @__ame_free(ptr %tx, ptr %p)
  ret i32 0
}

define i32 @outer.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %r = call i32 @nested.ame.region(ptr %tx, ptr %ctx)
  ret i32 %r
}

; A clone: its callers' frames are not known.
; CHECK-LABEL: define void @helper.ame.tx(
; CHECK-NOT: alloca
; CHECK: ret void
define void @helper.ame.tx(ptr %tx, i64 %n) "ame-tx-clone" {
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  store i8 0, ptr %p
  call void @__ame_free(ptr %tx, ptr %p)
  ret void
}

; A longjmp back to the setjmp would pop a stack block allocated after it.
; CHECK-LABEL: define i32 @with_setjmp.ame.region(
; CHECK-NOT: alloca
; CHECK: ret i32
define i32 @with_setjmp.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %r = call i32 @setjmp(ptr %ctx) returns_twice
  %n = load i64, ptr %ctx, !ame.ctx !0
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  store i8 0, ptr %p
  call void @__ame_free(ptr %tx, ptr %p)
  ret i32 %r
}

declare i32 @setjmp(ptr) returns_twice

!0 = !{}
