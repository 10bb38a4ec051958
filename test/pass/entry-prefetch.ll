; Before __ame_run, the caller prefetches each line a block's barriers touch on paths that run at least half the time (block frequency; a range of one object up to 64 bytes at both ends, small constant memmove/memset included), and its lock word (AME_SHADOW_BASE + ((a >> 3) & AME_SHADOW_MASK)), for writing (x86-64's prefetchw; elsewhere, or with -ame-entry-prefetchw=false, llvm.prefetch with rw=1) for a written line and for reading (rw=0) for a read-only one, when the address follows from the context the caller filled and from globals the block reads plainly; not for an address that needs a barrier-protected load or a call's result, an access in a loop or on a path taken one time in ten, a memory intrinsic longer than a line, inside transactional code, at -O0 (optnone), a second time when the pass runs again, or with -ame-entry-prefetch=false.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-entry-prefetch=false -S %s | FileCheck %s --check-prefix=OFF
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument,ame-instrument -S %s | FileCheck %s --check-prefix=TWICE
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-entry-prefetchw=false -S %s | FileCheck %s --check-prefix=NOW
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -mtriple=aarch64-unknown-linux-gnu -S %s | FileCheck %s --check-prefix=NOW
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@site = private constant { ptr, ptr, i32, i32, ptr } zeroinitializer
; No block writes it and only loads use its address: blocks read it plainly.
@accounts = internal global ptr null
@heads = global ptr null

; REMARK: remark: <unknown>:0:0: 2 address(es) the block touches, and their lock words, are prefetched before its transaction begins
; REMARK: remark: <unknown>:0:0: 1 address(es) the block touches, and their lock words, are prefetched before its transaction begins
; REMARK: remark: <unknown>:0:0: 1 address(es) the block touches, and their lock words, are prefetched before its transaction begins
; REMARK: remark: <unknown>:0:0: 3 address(es) the block touches, and their lock words, are prefetched before its transaction begins
; REMARK: remark: <unknown>:0:0: 1 address(es) the block touches, and their lock words, are prefetched before its transaction begins
; REMARK-NOT: are prefetched

; accounts[from] -= amount; accounts[to] += amount: both lines and both lock
; words, for writing, with the values the caller stored into the context.
; CHECK-LABEL: define void @transfer(
; CHECK: store i64 %to, ptr %f.to
; CHECK-NEXT: %[[A:.*]] = load ptr, ptr @accounts, align 8
; CHECK-NEXT: %[[P:.*]] = getelementptr inbounds i64, ptr %[[A]], i64 %from
; CHECK-NEXT: %[[I:.*]] = ptrtoint ptr %[[P]] to i64
; CHECK-NEXT: %[[S:.*]] = lshr i64 %[[I]], 3
; CHECK-NEXT: %[[M:.*]] = and i64 %[[S]], 17592186044408
; CHECK-NEXT: %[[W:.*]] = add i64 %[[M]], 35184372088832
; CHECK-NEXT: %[[L:.*]] = inttoptr i64 %[[W]] to ptr
; CHECK-NEXT: call void asm sideeffect "prefetchw ($0)", "r"(ptr %[[L]])
; CHECK-NEXT: call void asm sideeffect "prefetchw ($0)", "r"(ptr %[[P]])
; CHECK-NEXT: %[[Q:.*]] = getelementptr inbounds i64, ptr %[[A]], i64 %to
; CHECK: call void asm sideeffect "prefetchw ($0)", "r"(ptr %{{.*}})
; CHECK-NEXT: call void asm sideeffect "prefetchw ($0)", "r"(ptr %[[Q]])
; Without prefetchw (the option off, or a target other than x86-64) the
; same four prefetches are the intrinsic's, rw=1.
; NOW-LABEL: define void @transfer(
; NOW-NOT: asm
; NOW-COUNT-4: call void @llvm.prefetch.p0(ptr %{{.*}}, i32 1, i32 3, i32 1)
; NOW-NEXT: call i32 @__ame_run(ptr @site, ptr @transfer.ame.region, ptr %ctx)
; CHECK-NEXT: call i32 @__ame_run(ptr @site, ptr @transfer.ame.region, ptr %ctx)
; TWICE-LABEL: define void @transfer(
; TWICE-COUNT-4: call void asm sideeffect "prefetchw ($0)"
; TWICE-NEXT: call i32 @__ame_run(
; OFF-LABEL: define void @transfer(
; OFF-NOT: prefetch
; OFF: call i32 @__ame_run(
define void @transfer(i64 %from, i64 %to, i64 %amount) {
  %ctx = alloca { i64, i64, i64 }, align 8
  store i64 %from, ptr %ctx, align 8
  %f.amount = getelementptr inbounds i8, ptr %ctx, i64 8
  store i64 %amount, ptr %f.amount, align 8
  %f.to = getelementptr inbounds i8, ptr %ctx, i64 16
  store i64 %to, ptr %f.to, align 8
  %r = call i32 @__ame_run(ptr @site, ptr @transfer.ame.region, ptr %ctx)
  ret void
}

define internal i32 @transfer.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %from = load i64, ptr %ctx, align 8, !ame.ctx !0
  %f.amount = getelementptr i8, ptr %ctx, i64 8
  %amount = load i64, ptr %f.amount, align 8, !ame.ctx !0
  %f.to = getelementptr i8, ptr %ctx, i64 16
  %to = load i64, ptr %f.to, align 8, !ame.ctx !0
  %a = load ptr, ptr @accounts, align 8
  %pf = getelementptr inbounds i64, ptr %a, i64 %from
  %vf = load i64, ptr %pf, align 8
  %nf = sub i64 %vf, %amount
  store i64 %nf, ptr %pf, align 8
  %pt = getelementptr inbounds i64, ptr %a, i64 %to
  %vt = load i64, ptr %pt, align 8
  %nt = add i64 %vt, %amount
  store i64 %nt, ptr %pt, align 8
  ret i32 0
}

; v = heads[i]->next->val; heads = 0: heads itself is at a constant
; address, but the pointer it holds (a global the block writes) comes from
; a barrier, so nothing it leads to is prefetched.
; CHECK-LABEL: define i64 @chase(
; CHECK: store i64 %i, ptr %ctx
; CHECK-NEXT: %[[S:.*]] = lshr i64 ptrtoint (ptr @heads to i64), 3
; CHECK-NEXT: %[[M:.*]] = and i64 %[[S]], 17592186044408
; CHECK-NEXT: %[[W:.*]] = add i64 %[[M]], 35184372088832
; CHECK-NEXT: %[[L:.*]] = inttoptr i64 %[[W]] to ptr
; CHECK-NEXT: call void asm sideeffect "prefetchw ($0)", "r"(ptr %[[L]])
; CHECK-NEXT: call void asm sideeffect "prefetchw ($0)", "r"(ptr @heads)
; CHECK-NEXT: call i32 @__ame_run(ptr @site, ptr @chase.ame.region, ptr %ctx)
define i64 @chase(i64 %i) {
  %ctx = alloca { i64, i64 }, align 8
  store i64 %i, ptr %ctx, align 8
  %r = call i32 @__ame_run(ptr @site, ptr @chase.ame.region, ptr %ctx)
  %f.v = getelementptr inbounds i8, ptr %ctx, i64 8
  %v = load i64, ptr %f.v, align 8
  ret i64 %v
}

define internal i32 @chase.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %i = load i64, ptr %ctx, align 8, !ame.ctx !0
  %h = load ptr, ptr @heads, align 8
  %ph = getelementptr inbounds ptr, ptr %h, i64 %i
  %n = load ptr, ptr %ph, align 8
  %pn = getelementptr inbounds i8, ptr %n, i64 8
  %next = load ptr, ptr %pn, align 8
  %v = load i64, ptr %next, align 8
  %f.v = getelementptr i8, ptr %ctx, i64 8
  store i64 %v, ptr %f.v, align 8, !ame.ctx !0
  store ptr null, ptr @heads, align 8
  ret i32 0
}

; p = ctx->p; x = p[0] (read only, every path); then a call's result
; indexes p, a loop walks p, and a branch taken one time in ten writes
; p[100]: only p[0] is prefetched, for reading. The context is filled before a call that may
; write memory, so the field is loaded back from the caller's frame.
; CHECK-LABEL: define void @mixed(
; CHECK: call void @opaque()
; CHECK-NEXT: %[[F:.*]] = getelementptr i8, ptr %ctx, i64 0
; CHECK-NEXT: %[[P:.*]] = load ptr, ptr %[[F]], align 8
; CHECK: call void @llvm.prefetch.p0(ptr %{{.*}}, i32 0, i32 3, i32 1)
; CHECK-NEXT: call void @llvm.prefetch.p0(ptr %[[P]], i32 0, i32 3, i32 1)
; CHECK-NEXT: call i32 @__ame_run(ptr @site, ptr @mixed.ame.region, ptr %ctx)
define void @mixed(ptr %p, i1 %c) {
  %ctx = alloca { ptr, i1 }, align 8
  store ptr %p, ptr %ctx, align 8
  %f.c = getelementptr inbounds i8, ptr %ctx, i64 8
  store i1 %c, ptr %f.c, align 8
  call void @opaque()
  %r = call i32 @__ame_run(ptr @site, ptr @mixed.ame.region, ptr %ctx)
  ret void
}

define internal i32 @mixed.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
entry:
  %p = load ptr, ptr %ctx, align 8, !ame.ctx !0
  %f.c = getelementptr i8, ptr %ctx, i64 8
  %c = load i1, ptr %f.c, align 8, !ame.ctx !0
  %x = load i64, ptr %p, align 8
  %k = call i64 @index(i64 %x)
  %pk = getelementptr inbounds i64, ptr %p, i64 %k
  store i64 1, ptr %pk, align 8
  br label %loop
loop:
  %j = phi i64 [ 1, %entry ], [ %j.next, %loop ]
  %pj = getelementptr inbounds i64, ptr %p, i64 %j
  store i64 0, ptr %pj, align 8
  %j.next = add i64 %j, 1
  %done = icmp eq i64 %j.next, 8
  br i1 %done, label %after, label %loop
after:
  br i1 %c, label %then, label %exit, !prof !1
then:
  %p100 = getelementptr inbounds i64, ptr %p, i64 100
  store i64 2, ptr %p100, align 8
  br label %exit
exit:
  ret i32 0
}

define internal i64 @index(i64 %x) {
  %r = and i64 %x, 7
  ret i64 %r
}

declare void @opaque()

; Inside transactional code the block joins the running transaction: no
; attempt start to overlap.
; CHECK-LABEL: define internal i32 @nested.ame.region(
; CHECK-NOT: prefetch
; CHECK: ret i32
define internal i32 @nested.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
  %r = call i32 @__ame_run(ptr @site, ptr @transfer.ame.region, ptr %ctx)
  ret i32 %r
}

; -O0 code (optnone) keeps its calls as they are.
; CHECK-LABEL: define void @unoptimized(
; CHECK-NOT: prefetch
; CHECK: call i32 @__ame_run(
define void @unoptimized(i64 %from, i64 %to, i64 %amount) noinline optnone {
  %ctx = alloca { i64, i64, i64 }, align 8
  store i64 %from, ptr %ctx, align 8
  %f.amount = getelementptr inbounds i8, ptr %ctx, i64 8
  store i64 %amount, ptr %f.amount, align 8
  %f.to = getelementptr inbounds i8, ptr %ctx, i64 16
  store i64 %to, ptr %f.to, align 8
  %r = call i32 @__ame_run(ptr @site, ptr @transfer.ame.region, ptr %ctx)
  ret void
}

; if (from->balance >= amount) { from->balance -= amount; to->balance +=
; amount; memmove(&to->history[1], &to->history[0], 28);
; memset(from->log, 0, 100); }: the branch is as likely as not, so its
; lines count; from's line for writing (a path that runs half the time
; writes it); to's bytes 0-47, both ends, since to need not start a line;
; the 100-byte memset spans lines and is left out.
; CHECK-LABEL: define void @guarded(
; CHECK: store i64 %amount, ptr %f.amount
; CHECK-NEXT: %[[FI:.*]] = ptrtoint ptr %from to i64
; CHECK: call void asm sideeffect "prefetchw ($0)", "r"(ptr %{{.*}})
; CHECK-NEXT: call void asm sideeffect "prefetchw ($0)", "r"(ptr %from)
; CHECK-NEXT: %[[TI:.*]] = ptrtoint ptr %to to i64
; CHECK: call void asm sideeffect "prefetchw ($0)", "r"(ptr %{{.*}})
; CHECK-NEXT: call void asm sideeffect "prefetchw ($0)", "r"(ptr %to)
; CHECK-NEXT: %[[H1:.*]] = getelementptr i8, ptr %to, i64 20
; CHECK-NEXT: %[[END:.*]] = getelementptr i8, ptr %[[H1]], i64 27
; CHECK: call void asm sideeffect "prefetchw ($0)", "r"(ptr %{{.*}})
; CHECK-NEXT: call void asm sideeffect "prefetchw ($0)", "r"(ptr %[[END]])
; CHECK-NEXT: call i32 @__ame_run(ptr @site, ptr @guarded.ame.region, ptr %ctx)
define void @guarded(ptr %from, ptr %to, i64 %amount) {
  %ctx = alloca { ptr, ptr, i64 }, align 8
  store ptr %from, ptr %ctx, align 8
  %f.to = getelementptr inbounds i8, ptr %ctx, i64 8
  store ptr %to, ptr %f.to, align 8
  %f.amount = getelementptr inbounds i8, ptr %ctx, i64 16
  store i64 %amount, ptr %f.amount, align 8
  %r = call i32 @__ame_run(ptr @site, ptr @guarded.ame.region, ptr %ctx)
  ret void
}

define internal i32 @guarded.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
entry:
  %from = load ptr, ptr %ctx, align 8, !ame.ctx !0
  %f.to = getelementptr i8, ptr %ctx, i64 8
  %to = load ptr, ptr %f.to, align 8, !ame.ctx !0
  %f.amount = getelementptr i8, ptr %ctx, i64 16
  %amount = load i64, ptr %f.amount, align 8, !ame.ctx !0
  %b = load i64, ptr %from, align 8
  %ok = icmp sge i64 %b, %amount
  br i1 %ok, label %move, label %exit
move:
  %nb = sub i64 %b, %amount
  store i64 %nb, ptr %from, align 8
  %tb = load i64, ptr %to, align 8
  %ntb = add i64 %tb, %amount
  store i64 %ntb, ptr %to, align 8
  %h0 = getelementptr i8, ptr %to, i64 16
  %h1 = getelementptr i8, ptr %to, i64 20
  call void @llvm.memmove.p0.p0.i64(ptr align 4 %h1, ptr align 4 %h0, i64 28, i1 false)
  %log = getelementptr i8, ptr %from, i64 128
  call void @llvm.memset.p0.i64(ptr align 8 %log, i8 0, i64 100, i1 false)
  br label %exit
exit:
  ret i32 0
}

; The same block where the branch is taken one time in ten (its profile):
; from's line is prefetched for reading only, to's not at all.
; CHECK-LABEL: define void @rarely(
; CHECK: call void @llvm.prefetch.p0(ptr %{{.*}}, i32 0, i32 3, i32 1)
; CHECK-NEXT: call void @llvm.prefetch.p0(ptr %from, i32 0, i32 3, i32 1)
; CHECK-NEXT: call i32 @__ame_run(ptr @site, ptr @rarely.ame.region, ptr %ctx)
define void @rarely(ptr %from, ptr %to, i64 %amount) {
  %ctx = alloca { ptr, ptr, i64 }, align 8
  store ptr %from, ptr %ctx, align 8
  %f.to = getelementptr inbounds i8, ptr %ctx, i64 8
  store ptr %to, ptr %f.to, align 8
  %f.amount = getelementptr inbounds i8, ptr %ctx, i64 16
  store i64 %amount, ptr %f.amount, align 8
  %r = call i32 @__ame_run(ptr @site, ptr @rarely.ame.region, ptr %ctx)
  ret void
}

define internal i32 @rarely.ame.region(ptr %tx, ptr %ctx) "ame-tx-clone" {
entry:
  %from = load ptr, ptr %ctx, align 8, !ame.ctx !0
  %f.to = getelementptr i8, ptr %ctx, i64 8
  %to = load ptr, ptr %f.to, align 8, !ame.ctx !0
  %f.amount = getelementptr i8, ptr %ctx, i64 16
  %amount = load i64, ptr %f.amount, align 8, !ame.ctx !0
  %b = load i64, ptr %from, align 8
  %ok = icmp sge i64 %b, %amount
  br i1 %ok, label %move, label %exit, !prof !1
move:
  %nb = sub i64 %b, %amount
  store i64 %nb, ptr %from, align 8
  %tb = load i64, ptr %to, align 8
  %ntb = add i64 %tb, %amount
  store i64 %ntb, ptr %to, align 8
  br label %exit
exit:
  ret i32 0
}

declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

declare i32 @__ame_run(ptr, ptr, ptr)

!0 = !{}
!1 = !{!"branch_weights", i32 1, i32 9}
