; C11 atomics (atomicrmw, cmpxchg, atomic loads and stores stronger than unordered) stay as they are after __ame_irrevocable_v2 at an atomic site (kind 2: inevitable, others keep running) and __ame_lock_range of their location; fences other than signal fences make the transaction inevitable; atomics on private memory and unordered accesses are left to the usual rules.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-missed=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-DAG: [[RMW:@.*]] = private unnamed_addr constant [14 x i8] c"atomicrmw add\00"
; CHECK-DAG: [[RMWSITE:@[^ ]*]] = private constant { ptr, ptr, i32, i32, ptr, i32 } { ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 0, i32 0, ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[RMW]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 -2147483646 }
; CHECK-DAG: [[FENCE:@.*]] = private unnamed_addr constant [6 x i8] c"fence\00"
; CHECK-DAG: [[FENCESITE:@[^ ]*]] = private constant { ptr, ptr, i32, i32, ptr, i32 } { ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 0, i32 0, ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[FENCE]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 -2147483646 }

; CHECK-LABEL: define i32 @atomic_load_store(
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr @{{.*}})
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %p, i64 4, i32 0, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %v = load atomic i32, ptr %p seq_cst, align 4
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr @{{.*}})
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %q, i64 4, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: store atomic i32 %v, ptr %q release, align 4
; CHECK-NEXT: ret i32 %v
; REMARK: remark: <unknown>:0:0: atomic access (atomic load) stays atomic: the transaction becomes inevitable here and others keep running (its location is locked first)
; REMARK: remark: <unknown>:0:0: atomic access (atomic store) stays atomic
define i32 @atomic_load_store(ptr %tx, ptr %p, ptr %q) "ame-tx-clone" {
  %v = load atomic i32, ptr %p seq_cst, align 4
  store atomic i32 %v, ptr %q release, align 4
  ret i32 %v
}

; CHECK-LABEL: define i64 @rmw(
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr [[RMWSITE]])
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %p, i64 8, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %old = atomicrmw add ptr %p, i64 1 seq_cst
; CHECK-NEXT: ret i64 %old
define i64 @rmw(ptr %tx, ptr %p) "ame-tx-clone" {
  %old = atomicrmw add ptr %p, i64 1 seq_cst
  ret i64 %old
}

; CHECK-LABEL: define double @rmw_fadd(
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %p, i64 8, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %old = atomicrmw fadd ptr %p, double 1.000000e+00 monotonic
define double @rmw_fadd(ptr %tx, ptr %p) "ame-tx-clone" {
  %old = atomicrmw fadd ptr %p, double 1.0 monotonic
  ret double %old
}

; CHECK-LABEL: define i1 @cas(
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %p, i64 2, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %pair = cmpxchg ptr %p, i16 %expected, i16 %desired seq_cst seq_cst
define i1 @cas(ptr %tx, ptr %p, i16 %expected, i16 %desired) "ame-tx-clone" {
  %pair = cmpxchg ptr %p, i16 %expected, i16 %desired seq_cst seq_cst
  %ok = extractvalue { i16, i1 } %pair, 1
  ret i1 %ok
}

; CHECK-LABEL: define void @fences(
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr [[FENCESITE]])
; CHECK-NEXT: fence seq_cst
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr [[FENCESITE]])
; CHECK-NEXT: fence release
; CHECK-NEXT: fence syncscope("singlethread") seq_cst
; CHECK-NEXT: ret void
; REMARK: remark: <unknown>:0:0: fence: the transaction becomes inevitable here and others keep running
; REMARK: remark: <unknown>:0:0: fence: the transaction becomes inevitable here and others keep running
; REMARK-NOT: fence
define void @fences(ptr %tx) "ame-tx-clone" {
  fence seq_cst
  fence release
  fence syncscope("singlethread") seq_cst
  ret void
}

; A local that never escapes: no other thread can see it.
; CHECK-LABEL: define i32 @private_local(
; CHECK-NOT: __ame_
; CHECK: atomicrmw add ptr %l, i32 1 seq_cst
; CHECK-NOT: __ame_
; CHECK: ret i32
define i32 @private_local(ptr %tx) "ame-tx-clone" {
  %l = alloca i32
  store i32 0, ptr %l
  %old = atomicrmw add ptr %l, i32 1 seq_cst
  ret i32 %old
}

; Unordered is no C11 ordering: an ordinary barrier.
; CHECK-LABEL: define i32 @unordered(
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: ret i32 %v
define i32 @unordered(ptr %tx, ptr %p) "ame-tx-clone" {
  %v = load atomic i32, ptr %p unordered, align 4
  ret i32 %v
}
