; A pointer read through a barrier, or from an AME_IMMUTABLE field, to an
; object the function then reads without a barrier gets its lock word
; prefetched right where it is read, so a later barrier on the object's
; other fields does not miss on the lock word alone. A pointer whose object
; is reached only through barriers, or read from the function's own frame,
; gets none; neither do -O0 (optnone) and -Oz (minsize) code, nor any code
; with -ame-pointee-prefetch=false.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-inline-fastpath=false -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-inline-fastpath=false -ame-pointee-prefetch=false -S %s | FileCheck %s --check-prefix=OFF
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; The lock word of %p's line: AME_SHADOW_BASE + ((p >> 3) & AME_SHADOW_MASK).
; CHECK-LABEL: define i64 @through_barrier(
; CHECK: %[[RAW:[0-9]+]] = call i64 @__ame_load_8(ptr %tx, ptr %pp,
; CHECK-NEXT: %p = inttoptr i64 %[[RAW]] to ptr
; CHECK-NEXT: %[[A:[0-9]+]] = ptrtoint ptr %p to i64
; CHECK-NEXT: %[[S:[0-9]+]] = lshr i64 %[[A]], 3
; CHECK-NEXT: %[[M:[0-9]+]] = and i64 %[[S]], 17592186044408
; CHECK-NEXT: %[[W:[0-9]+]] = add i64 %[[M]], 35184372088832
; CHECK-NEXT: %[[LW:[0-9]+]] = inttoptr i64 %[[W]] to ptr
; CHECK-NEXT: call void @llvm.prefetch.p0(ptr %[[LW]], i32 0, i32 3, i32 1)
; CHECK-NEXT: %keyp = getelementptr inbounds i8, ptr %p, i64 8
; CHECK-NEXT: %key = load i64, ptr %keyp, align 8, {{.*}}!ame.immutable
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr %valp,
; OFF-LABEL: define i64 @through_barrier(
; OFF-NOT: llvm.prefetch
; OFF: ret i64
; REMARK: remark: t.c:10:3: the lock word of the object this pointer points to is prefetched when the pointer is read: the block reads the object without a barrier at line 11
define i64 @through_barrier(ptr %tx, ptr %pp) "ame-tx-clone" !dbg !4 {
  %p = load ptr, ptr %pp, align 8, !dbg !10
  %keyp = getelementptr inbounds i8, ptr %p, i64 8
  %key = load i64, ptr %keyp, align 8, !ame.immutable !0, !dbg !11
  %valp = getelementptr inbounds i8, ptr %p, i64 16
  %val = load i64, ptr %valp, align 8
  %r = add i64 %key, %val
  ret i64 %r
}

; A pointer kept in an AME_IMMUTABLE field leads to shared data too.
; CHECK-LABEL: define i64 @from_immutable_field(
; CHECK: %q = load ptr, ptr %qp, align 8, !ame.immutable
; CHECK-NEXT: ptrtoint ptr %q to i64
; CHECK: call void @llvm.prefetch.p0(
; CHECK-NEXT: %len = load i64, ptr %q, align 8, !ame.immutable
define i64 @from_immutable_field(ptr %tx, ptr %o) "ame-tx-clone" {
  %qp = getelementptr inbounds i8, ptr %o, i64 8
  %q = load ptr, ptr %qp, align 8, !ame.immutable !0
  %len = load i64, ptr %q, align 8, !ame.immutable !0
  %nextp = getelementptr inbounds i8, ptr %q, i64 8
  %next = load i64, ptr %nextp, align 8
  %r = add i64 %len, %next
  ret i64 %r
}

; The barrier on the object reads its lock word itself, together with the
; line: nothing to overlap.
; CHECK-LABEL: define i64 @only_barriers(
; CHECK-NOT: llvm.prefetch
; CHECK: ret i64
define i64 @only_barriers(ptr %tx, ptr %pp) "ame-tx-clone" {
  %p = load ptr, ptr %pp, align 8
  %v = load i64, ptr %p, align 8
  ret i64 %v
}

; A pointer from a local array was read from elsewhere before; a pointer
; the function stores is not a pointee it reads.
; CHECK-LABEL: define i64 @from_frame(
; CHECK-NOT: llvm.prefetch
; CHECK: ret i64
define i64 @from_frame(ptr %tx, ptr %pp, ptr %dst) "ame-tx-clone" {
  %slots = alloca [4 x ptr], align 16
  %p = load ptr, ptr %pp, align 8
  store ptr %p, ptr %dst, align 8
  store ptr %p, ptr %slots, align 8
  %again = load ptr, ptr %slots, align 8
  %k = load i64, ptr %again, align 8, !ame.immutable !0
  ret i64 %k
}

; CHECK-LABEL: define i64 @not_optimized(
; CHECK-NOT: llvm.prefetch
; CHECK: ret i64
define i64 @not_optimized(ptr %tx, ptr %pp) noinline optnone "ame-tx-clone" {
  %p = load ptr, ptr %pp, align 8
  %k = load i64, ptr %p, align 8, !ame.immutable !0
  ret i64 %k
}

; CHECK-LABEL: define i64 @small_code(
; CHECK-NOT: llvm.prefetch
; CHECK: ret i64
define i64 @small_code(ptr %tx, ptr %pp) minsize "ame-tx-clone" {
  %p = load ptr, ptr %pp, align 8
  %k = load i64, ptr %p, align 8, !ame.immutable !0
  ret i64 %k
}

!llvm.dbg.cu = !{!1}
!llvm.module.flags = !{!3}
!0 = !{}
!1 = distinct !DICompileUnit(language: DW_LANG_C11, file: !2, emissionKind: LineTablesOnly)
!2 = !DIFile(filename: "t.c", directory: "/")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = distinct !DISubprogram(name: "through_barrier", scope: !2, file: !2, line: 9, unit: !1, spFlags: DISPFlagDefinition)
!10 = !DILocation(line: 10, column: 3, scope: !4)
!11 = !DILocation(line: 11, column: 3, scope: !4)

; Two pointers of one object read through one barrier's copy (ObjectReads):
; each read is split into the copy and the barrier, merged by a phi, and
; both sides prefetch the lock word of what they read.
; CHECK-LABEL: define i64 @through_object_copy(
; CHECK: %p.copy = load ptr, ptr %ame.object.copy, align 16, !ame.shared.copy
; CHECK-NEXT: ptrtoint ptr %p.copy to i64
; CHECK: call void @llvm.prefetch.p0(
; CHECK: ame.object.cross:
; CHECK: inttoptr
; CHECK-NEXT: ptrtoint
; CHECK: call void @llvm.prefetch.p0(
; CHECK: %p = phi ptr [ %p.copy, %ame.object.read ]
define i64 @through_object_copy(ptr %tx, ptr %o) "ame-tx-clone" {
  %p = load ptr, ptr %o, align 8
  %qp = getelementptr inbounds i8, ptr %o, i64 8
  %q = load ptr, ptr %qp, align 8
  %a = load i64, ptr %p, align 8, !ame.immutable !0
  %b = load i64, ptr %q, align 8, !ame.immutable !0
  %r = add i64 %a, %b
  ret i64 %r
}
