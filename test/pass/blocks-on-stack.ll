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

; Forty blocks after the allocation, on no cycle: still moved (a reachability
; query that gives up past 32 blocks turned every allocation of a region of
; some size down).
; CHECK-LABEL: define i32 @long_region.ame.region(
; CHECK-NEXT: entry:
; CHECK-NEXT: %ame.stack.block = alloca [16384 x i8], align 64
define i32 @long_region.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
entry:
  %n = load i64, ptr %ctx, !ame.ctx !0
  %p = call ptr @__ame_malloc(ptr %tx, i64 %n)
  store i32 1, ptr %p
  br label %b0
b0:
  %c0 = icmp eq i64 %n, 0
  br i1 %c0, label %b1, label %b1
b1:
  %c1 = icmp eq i64 %n, 1
  br i1 %c1, label %b2, label %b2
b2:
  %c2 = icmp eq i64 %n, 2
  br i1 %c2, label %b3, label %b3
b3:
  %c3 = icmp eq i64 %n, 3
  br i1 %c3, label %b4, label %b4
b4:
  %c4 = icmp eq i64 %n, 4
  br i1 %c4, label %b5, label %b5
b5:
  %c5 = icmp eq i64 %n, 5
  br i1 %c5, label %b6, label %b6
b6:
  %c6 = icmp eq i64 %n, 6
  br i1 %c6, label %b7, label %b7
b7:
  %c7 = icmp eq i64 %n, 7
  br i1 %c7, label %b8, label %b8
b8:
  %c8 = icmp eq i64 %n, 8
  br i1 %c8, label %b9, label %b9
b9:
  %c9 = icmp eq i64 %n, 9
  br i1 %c9, label %b10, label %b10
b10:
  %c10 = icmp eq i64 %n, 10
  br i1 %c10, label %b11, label %b11
b11:
  %c11 = icmp eq i64 %n, 11
  br i1 %c11, label %b12, label %b12
b12:
  %c12 = icmp eq i64 %n, 12
  br i1 %c12, label %b13, label %b13
b13:
  %c13 = icmp eq i64 %n, 13
  br i1 %c13, label %b14, label %b14
b14:
  %c14 = icmp eq i64 %n, 14
  br i1 %c14, label %b15, label %b15
b15:
  %c15 = icmp eq i64 %n, 15
  br i1 %c15, label %b16, label %b16
b16:
  %c16 = icmp eq i64 %n, 16
  br i1 %c16, label %b17, label %b17
b17:
  %c17 = icmp eq i64 %n, 17
  br i1 %c17, label %b18, label %b18
b18:
  %c18 = icmp eq i64 %n, 18
  br i1 %c18, label %b19, label %b19
b19:
  %c19 = icmp eq i64 %n, 19
  br i1 %c19, label %b20, label %b20
b20:
  %c20 = icmp eq i64 %n, 20
  br i1 %c20, label %b21, label %b21
b21:
  %c21 = icmp eq i64 %n, 21
  br i1 %c21, label %b22, label %b22
b22:
  %c22 = icmp eq i64 %n, 22
  br i1 %c22, label %b23, label %b23
b23:
  %c23 = icmp eq i64 %n, 23
  br i1 %c23, label %b24, label %b24
b24:
  %c24 = icmp eq i64 %n, 24
  br i1 %c24, label %b25, label %b25
b25:
  %c25 = icmp eq i64 %n, 25
  br i1 %c25, label %b26, label %b26
b26:
  %c26 = icmp eq i64 %n, 26
  br i1 %c26, label %b27, label %b27
b27:
  %c27 = icmp eq i64 %n, 27
  br i1 %c27, label %b28, label %b28
b28:
  %c28 = icmp eq i64 %n, 28
  br i1 %c28, label %b29, label %b29
b29:
  %c29 = icmp eq i64 %n, 29
  br i1 %c29, label %b30, label %b30
b30:
  %c30 = icmp eq i64 %n, 30
  br i1 %c30, label %b31, label %b31
b31:
  %c31 = icmp eq i64 %n, 31
  br i1 %c31, label %b32, label %b32
b32:
  %c32 = icmp eq i64 %n, 32
  br i1 %c32, label %b33, label %b33
b33:
  %c33 = icmp eq i64 %n, 33
  br i1 %c33, label %b34, label %b34
b34:
  %c34 = icmp eq i64 %n, 34
  br i1 %c34, label %b35, label %b35
b35:
  %c35 = icmp eq i64 %n, 35
  br i1 %c35, label %b36, label %b36
b36:
  %c36 = icmp eq i64 %n, 36
  br i1 %c36, label %b37, label %b37
b37:
  %c37 = icmp eq i64 %n, 37
  br i1 %c37, label %b38, label %b38
b38:
  %c38 = icmp eq i64 %n, 38
  br i1 %c38, label %b39, label %b39
b39:
  %c39 = icmp eq i64 %n, 39
  br i1 %c39, label %b40, label %b40
b40:
  %v = load i32, ptr %p
  call void @__ame_free(ptr %tx, ptr %p)
  ret i32 %v
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
