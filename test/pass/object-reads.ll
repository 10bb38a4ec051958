; Loads at constant offsets of one pointer, within 64 bytes, the first
; dominating the others and nothing between it and each of them that may
; write what they read, share one barrier: when their bytes lie in one line
; (an `and` and a compare at the first) one __ame_load_bytes of their span
; copies them into a buffer of the frame and each load reads the buffer;
; when they cross into the next line each keeps its barrier. Stores between
; to other fields of the object, and into a block allocated after the
; pointer was read, write nothing they read; a load on one path only joins
; a group and reads its copy when it runs; a load through a pointer read
; again from the first one's slot joins behind a test that the two are
; equal. Not grouped: a store through
; another pointer between, a call between, the same field written between
; (that load keeps its barrier, the others still share one), bytes more than
; 64 apart, a write later in a loop that reaches the read around the loop,
; a block written between after it escaped and came back as the pointer, a
; local of the frame written between after its address escaped,
; a second load on one path only (the copy would cost more than it saves),
; nor with -ame-object-reads=false.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-object-reads=false -S %s | FileCheck %s --check-prefix=OFF
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-analysis=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"
@g = global ptr null
declare void @other()
declare noalias ptr @__ame_malloc(ptr, i64)

; REMARK: remark: <unknown>:0:0: read of 3 fields of one object (24 bytes) takes one barrier here when they lie in one line: nothing between these reads writes them
; REMARK-NEXT: remark: <unknown>:0:0: read of a field reads the copy the barrier of an earlier read of the same object took
; REMARK-NEXT: remark: <unknown>:0:0: read of a field reads the copy the barrier of an earlier read of the same object took

; CHECK-LABEL: define i64 @fields(
; CHECK: %ame.object.copy = alloca [24 x i8], align 16
; CHECK: [[A:%[0-9]+]] = ptrtoint ptr %p to i64
; CHECK-NEXT: [[O:%[0-9]+]] = and i64 [[A]], 63
; CHECK-NEXT: %ame.object.in.line = icmp ule i64 [[O]], 40
; CHECK-NEXT: br i1 %ame.object.in.line, label %ame.object.read, label %ame.object.cross, !prof
; CHECK: ame.object.read:
; CHECK-NEXT: call void @__ame_load_bytes(ptr %tx, ptr %ame.object.copy, ptr %p, i64 24, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %va.copy = load i64, ptr %ame.object.copy, align 16
; CHECK: ame.object.cross:
; CHECK-NEXT: call i64 @__ame_load_8(ptr %tx, ptr %p,
; CHECK: %va = phi i64 [ %va.copy, %ame.object.read ], [
; CHECK-NEXT: br i1 %ame.object.in.line,
; CHECK: [[B:%[0-9]+]] = getelementptr inbounds i8, ptr %ame.object.copy, i64 8
; CHECK-NEXT: %vb.copy = load i64, ptr [[B]], align 8
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr %b,
; CHECK: [[C:%[0-9]+]] = getelementptr inbounds i8, ptr %ame.object.copy, i64 16
; CHECK-NEXT: %vc.copy = load i64, ptr [[C]], align 16
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr %c,
; CHECK-NOT: __ame_load
; CHECK: ret i64
; OFF-LABEL: define i64 @fields(
; OFF-NOT: __ame_load_bytes
; OFF: ret i64
define i64 @fields(ptr %tx, ptr %p) "ame-tx-clone" {
entry:
  %b = getelementptr inbounds i8, ptr %p, i64 8
  %c = getelementptr inbounds i8, ptr %p, i64 16
  %va = load i64, ptr %p, align 8
  %vb = load i64, ptr %b, align 8
  %vc = load i64, ptr %c, align 8
  %s = add i64 %va, %vb
  %t = add i64 %s, %vc
  ret i64 %t
}

; The three links of yada's relinking, two of them here: the write to the
; first link between the reads leaves the second's bytes alone. A pointer
; read from the copy says so, for PointeePrefetch.
; CHECK-LABEL: define void @relink(
; CHECK: %ame.object = getelementptr i8, ptr %m, i64 88
; CHECK: %ame.object.in.line = icmp ule i64 %{{[0-9]+}}, 48
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.object.copy, ptr %ame.object, i64 16,
; CHECK-NEXT: %v0.copy = load ptr, ptr %ame.object.copy, align 16, !ame.shared.copy
; CHECK: set0:
; CHECK-NEXT: ptrtoint
; CHECK-NEXT: call void @__ame_store_8(ptr %tx, ptr %l0,
; CHECK: next1:
; CHECK: br i1 %ame.object.in.line,
; CHECK: %v1.copy = load ptr, ptr %{{[0-9]+}}, align 8, !ame.shared.copy
; CHECK: ret void
define void @relink(ptr %tx, ptr %m, ptr %old, ptr %new) "ame-tx-clone" {
entry:
  %l0 = getelementptr inbounds i8, ptr %m, i64 88
  %v0 = load ptr, ptr %l0, align 8
  %is0 = icmp eq ptr %v0, %old
  br i1 %is0, label %set0, label %next1
set0:
  store ptr %new, ptr %l0, align 8
  br label %next1
next1:
  %l1 = getelementptr inbounds i8, ptr %m, i64 96
  %v1 = load ptr, ptr %l1, align 8
  %is1 = icmp eq ptr %v1, %old
  br i1 %is1, label %set1, label %done
set1:
  store ptr %new, ptr %l1, align 8
  br label %done
done:
  ret void
}

; CHECK-LABEL: define i64 @conditional_member(
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.object.copy, ptr %p, i64 24,
; CHECK: then:
; CHECK-NEXT: br i1 %ame.object.in.line,
; CHECK: %vc.copy = load i64
; CHECK: join:
; CHECK: br i1 %ame.object.in.line,
; CHECK: %vb.copy = load i64
; CHECK: ret i64
define i64 @conditional_member(ptr %tx, ptr %p, i1 %c) "ame-tx-clone" {
entry:
  %f8 = getelementptr inbounds i8, ptr %p, i64 8
  %f16 = getelementptr inbounds i8, ptr %p, i64 16
  %va = load i64, ptr %p, align 8
  br i1 %c, label %then, label %join
then:
  %vc = load i64, ptr %f16, align 8
  br label %join
join:
  %x = phi i64 [ %vc, %then ], [ 0, %entry ]
  %vb = load i64, ptr %f8, align 8
  %s = add i64 %va, %vb
  %t = add i64 %s, %x
  ret i64 %t
}

; CHECK-LABEL: define i64 @only_on_one_path(
; CHECK-NOT: __ame_load_bytes
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr %p,
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr %f8,
; CHECK: ret i64
define i64 @only_on_one_path(ptr %tx, ptr %p, i1 %c) "ame-tx-clone" {
entry:
  %f8 = getelementptr inbounds i8, ptr %p, i64 8
  %va = load i64, ptr %p, align 8
  br i1 %c, label %then, label %join
then:
  %vb = load i64, ptr %f8, align 8
  br label %join
join:
  %x = phi i64 [ %vb, %then ], [ 0, %entry ]
  %t = add i64 %va, %x
  ret i64 %t
}

; CHECK-LABEL: define i64 @store_may_alias(
; CHECK-NOT: __ame_load_bytes
; CHECK: ret i64
define i64 @store_may_alias(ptr %tx, ptr %p, ptr %q) "ame-tx-clone" {
entry:
  %b = getelementptr inbounds i8, ptr %p, i64 8
  %va = load i64, ptr %p, align 8
  store i64 1, ptr %q, align 8
  %vb = load i64, ptr %b, align 8
  %t = add i64 %va, %vb
  ret i64 %t
}

; CHECK-LABEL: define i64 @call_between(
; CHECK-NOT: __ame_load_bytes
; CHECK: ret i64
define i64 @call_between(ptr %tx, ptr %p) "ame-tx-clone" {
entry:
  %b = getelementptr inbounds i8, ptr %p, i64 8
  %va = load i64, ptr %p, align 8
  call void @other()
  %vb = load i64, ptr %b, align 8
  %t = add i64 %va, %vb
  ret i64 %t
}

; The field written between keeps its barrier (which reads the redo
; buffer); the two around it share one.
; CHECK-LABEL: define i64 @own_write_between(
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.object.copy, ptr %p, i64 24,
; CHECK: call void @__ame_store_8(ptr %tx, ptr %b,
; CHECK-NEXT: %vb = call i64 @__ame_load_8(ptr %tx, ptr %b,
; CHECK: %vc.copy = load i64
; CHECK: ret i64
define i64 @own_write_between(ptr %tx, ptr %p) "ame-tx-clone" {
entry:
  %b = getelementptr inbounds i8, ptr %p, i64 8
  %c = getelementptr inbounds i8, ptr %p, i64 16
  %va = load i64, ptr %p, align 8
  store i64 7, ptr %b, align 8
  %vb = load i64, ptr %b, align 8
  %vc = load i64, ptr %c, align 8
  %s = add i64 %va, %vb
  %t = add i64 %s, %vc
  ret i64 %t
}

; CHECK-LABEL: define i64 @too_far(
; CHECK-NOT: __ame_load_bytes
; CHECK: ret i64
define i64 @too_far(ptr %tx, ptr %p) "ame-tx-clone" {
entry:
  %z = getelementptr inbounds i8, ptr %p, i64 64
  %va = load i64, ptr %p, align 8
  %vz = load i64, ptr %z, align 8
  %t = add i64 %va, %vz
  ret i64 %t
}

; CHECK-LABEL: define i64 @write_around_loop(
; CHECK-NOT: __ame_load_bytes
; CHECK: ret i64
define i64 @write_around_loop(ptr %tx, ptr %p, ptr %q, i64 %n) "ame-tx-clone" {
entry:
  %b = getelementptr inbounds i8, ptr %p, i64 8
  %va = load i64, ptr %p, align 8
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  %acc = phi i64 [ %va, %entry ], [ %acc1, %loop ]
  %vb = load i64, ptr %b, align 8
  %acc1 = add i64 %acc, %vb
  store i64 %i, ptr %q, align 8
  %i1 = add i64 %i, 1
  %more = icmp ult i64 %i1, %n
  br i1 %more, label %loop, label %done
done:
  ret i64 %acc1
}

; o was read before e was allocated: e's stores cannot write o's bytes,
; although e escapes later.
; CHECK-LABEL: define i64 @fresh_block_between(
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.object.copy, ptr %o, i64 16,
; CHECK: store i64 %va, ptr %e
; CHECK: %vb.copy = load i64
; CHECK: ret i64
define i64 @fresh_block_between(ptr %tx, ptr %slot) "ame-tx-clone" {
entry:
  %o = load ptr, ptr %slot, align 8
  %e = call ptr @__ame_malloc(ptr %tx, i64 16)
  %ob = getelementptr inbounds i8, ptr %o, i64 8
  %eb = getelementptr inbounds i8, ptr %e, i64 8
  %va = load i64, ptr %o, align 8
  store i64 %va, ptr %e, align 8
  %vb = load i64, ptr %ob, align 8
  store i64 %vb, ptr %eb, align 8
  store ptr %e, ptr @g, align 8
  %t = add i64 %va, %vb
  ret i64 %t
}

; e escaped before o was read (o is e): e's store must be seen.
; CHECK-LABEL: define i64 @block_escaped_before(
; CHECK-NOT: __ame_load_bytes
; CHECK: ret i64
define i64 @block_escaped_before(ptr %tx) "ame-tx-clone" {
entry:
  %e = call ptr @__ame_malloc(ptr %tx, i64 16)
  store ptr %e, ptr @g, align 8
  %o = load ptr, ptr @g, align 8
  %ob = getelementptr inbounds i8, ptr %o, i64 8
  %eb = getelementptr inbounds i8, ptr %e, i64 8
  %va = load i64, ptr %o, align 8
  store i64 5, ptr %eb, align 8
  %vb = load i64, ptr %ob, align 8
  %t = add i64 %va, %vb
  ret i64 %t
}

; The slot may have been rewritten between the two reads of it (n may be
; i): the second field reads the copy only when m2 is m.
; CHECK-LABEL: define i64 @reloaded_slot(
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.object.copy, ptr %m, i64 16,
; CHECK: store ptr %q, ptr %sn
; CHECK-NEXT: %m2 = load ptr, ptr %si
; CHECK: [[EQ:%[0-9]+]] = icmp eq ptr %m2, %m
; CHECK-NEXT: %ame.object.same = and i1 %ame.object.in.line, [[EQ]]
; CHECK-NEXT: br i1 %ame.object.same, label %ame.object.read{{[0-9]*}}, label %ame.object.cross{{[0-9]*}}
; CHECK: %b.copy = load i64
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr %b8,
; CHECK: ret i64
define i64 @reloaded_slot(ptr %tx, ptr %p, ptr %q, i64 %i, i64 %n) "ame-tx-clone" {
entry:
  %slots = alloca [2 x ptr], align 16
  store ptr %p, ptr %slots, align 16
  %s1 = getelementptr inbounds ptr, ptr %slots, i64 1
  store ptr %p, ptr %s1, align 8
  %si = getelementptr inbounds [2 x ptr], ptr %slots, i64 0, i64 %i
  %m = load ptr, ptr %si, align 8
  %a = load i64, ptr %m, align 8
  %sn = getelementptr inbounds [2 x ptr], ptr %slots, i64 0, i64 %n
  store ptr %q, ptr %sn, align 8
  %m2 = load ptr, ptr %si, align 8
  %b8 = getelementptr inbounds i8, ptr %m2, i64 8
  %b = load i64, ptr %b8, align 8
  %t = add i64 %a, %b
  ret i64 %t
}

; A store into a local of the frame that never escapes writes nothing a
; pointer read from memory reaches; one that escaped may be what it reads.
; CHECK-LABEL: define i64 @store_to_local_between(
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.object.copy, ptr %p, i64 16,
; CHECK: store i64 %a, ptr %l
; CHECK: %b.copy = load i64
; CHECK: ret i64
define i64 @store_to_local_between(ptr %tx, ptr %p, i64 %i) "ame-tx-clone" {
entry:
  %loc = alloca [2 x i64], align 16
  %a = load i64, ptr %p, align 8
  %l = getelementptr inbounds [2 x i64], ptr %loc, i64 0, i64 %i
  store i64 %a, ptr %l, align 8
  %p8 = getelementptr inbounds i8, ptr %p, i64 8
  %b = load i64, ptr %p8, align 8
  %v = load i64, ptr %loc, align 16
  %t = add i64 %v, %b
  ret i64 %t
}

; CHECK-LABEL: define i64 @local_escaped_between(
; CHECK-NOT: __ame_load_bytes
; CHECK: ret i64
define i64 @local_escaped_between(ptr %tx) "ame-tx-clone" {
entry:
  %loc = alloca [2 x i64], align 16
  store ptr %loc, ptr @g, align 8
  %p = load ptr, ptr @g, align 8
  %a = load i64, ptr %p, align 8
  %l8 = getelementptr inbounds i8, ptr %loc, i64 8
  store i64 9, ptr %l8, align 8
  %p8 = getelementptr inbounds i8, ptr %p, i64 8
  %b = load i64, ptr %p8, align 8
  %t = add i64 %a, %b
  ret i64 %t
}

; A group whose pointer is a load of an earlier group (no offset: the copy
; starts at the pointer itself) fills its copy from the merged value, which
; both sides of the earlier group's split reach: the load itself stays on
; the crossing side only (csmith seed 5017 at -O3 read through it on the
; other side, where it never ran, and crashed).
; CHECK-LABEL: define i64 @chained(
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.object.copy{{[0-9]*}}, ptr %p, i64 16,
; CHECK: %q = phi ptr [ %q.copy, %ame.object.read ], [
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr %ame.object.copy{{[0-9]*}}, ptr %q, i64 16,
; CHECK: ret i64
define i64 @chained(ptr %tx, ptr %p) "ame-tx-clone" {
entry:
  %q = load ptr, ptr %p, align 8
  %p8 = getelementptr inbounds i8, ptr %p, i64 8
  %a = load i64, ptr %p8, align 8
  %b = load i64, ptr %q, align 8
  %q8 = getelementptr inbounds i8, ptr %q, i64 8
  %c = load i64, ptr %q8, align 8
  %s = add i64 %a, %b
  %t = add i64 %s, %c
  ret i64 %t
}
