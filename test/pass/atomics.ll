; Atomic loads/stores are instrumented; atomicrmw and cmpxchg are lowered to a plain load/store pair that is then instrumented (the transaction makes them atomic).
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define i32 @atomic_load_store(
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr %p)
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr %p, i32 %v)
; CHECK-NEXT: ret i32 %v
define i32 @atomic_load_store(ptr %tx, ptr %p) "ame-tx-clone" {
  %v = load atomic i32, ptr %p seq_cst, align 4
  store atomic i32 %v, ptr %p release, align 4
  ret i32 %v
}

; CHECK-LABEL: define i64 @rmw(
; CHECK-NOT: atomicrmw
; CHECK: [[OLD:%.*]] = call i64 @__ame_load_8(ptr %tx, ptr %p)
; CHECK-NEXT: [[NEW:%.*]] = add i64 [[OLD]], 1
; CHECK-NEXT: call void @__ame_store_8(ptr %tx, ptr %p, i64 [[NEW]])
; CHECK-NEXT: ret i64 [[OLD]]
define i64 @rmw(ptr %tx, ptr %p) "ame-tx-clone" {
  %old = atomicrmw add ptr %p, i64 1 seq_cst
  ret i64 %old
}

; CHECK-LABEL: define double @rmw_fadd(
; CHECK: call i64 @__ame_load_8(ptr %tx, ptr %p)
; CHECK: fadd double
; CHECK: call void @__ame_store_8(ptr %tx, ptr %p,
; CHECK-NOT: atomicrmw
; CHECK: ret double
define double @rmw_fadd(ptr %tx, ptr %p) "ame-tx-clone" {
  %old = atomicrmw fadd ptr %p, double 1.0 monotonic
  ret double %old
}

; CHECK-LABEL: define i1 @cas(
; CHECK-NOT: cmpxchg
; CHECK: [[CUR:%.*]] = call i32 @__ame_load_4(ptr %tx, ptr %p)
; CHECK: [[EQ:%.*]] = icmp eq i32 [[CUR]], %expected
; CHECK: [[VAL:%.*]] = select i1 [[EQ]], i32 %desired, i32 [[CUR]]
; CHECK: call void @__ame_store_4(ptr %tx, ptr %p, i32 [[VAL]])
; CHECK: ret i1
define i1 @cas(ptr %tx, ptr %p, i32 %expected, i32 %desired) "ame-tx-clone" {
  %pair = cmpxchg ptr %p, i32 %expected, i32 %desired seq_cst seq_cst
  %ok = extractvalue { i32, i1 } %pair, 1
  ret i1 %ok
}
