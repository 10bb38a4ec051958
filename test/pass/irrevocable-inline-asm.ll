; Inline asm that may touch memory (a memory operand, or a "memory" clobber on a non-empty asm) is preceded by __ame_irrevocable_v2 at a site naming why, kind 0 (serial mode). Asm without them runs as it is: asm-without-memory-kept.ll.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-missed=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK: [[D:@.*]] = private unnamed_addr constant [32 x i8] c"inline asm that clobbers memory\00"
; CHECK: [[SITE:@[^ ]*]] = private constant { ptr, ptr, i32, i32, ptr, i32 } { ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 0, i32 0, ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[D]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 -2147483648 }
; CHECK-LABEL: define void @asm(
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr [[SITE]])
; CHECK-NEXT: call void asm sideeffect "mfence", "~{memory}"()
; CHECK-NEXT: ret void
; REMARK: call to inline asm that clobbers memory cannot be instrumented: the transaction runs alone from here (serial mode)
define void @asm(ptr %tx) "ame-tx-clone" {
  call void asm sideeffect "mfence", "~{memory}"()
  ret void
}

; CHECK-LABEL: define void @asm_memory_operand(
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr
; CHECK-NEXT: call void asm sideeffect "incl $0", "=*m,*m"(ptr elementtype(i32) %p, ptr elementtype(i32) %p)
; REMARK: call to inline asm with a memory operand cannot be instrumented
define void @asm_memory_operand(ptr %tx, ptr %p) "ame-tx-clone" {
  call void asm sideeffect "incl $0", "=*m,*m"(ptr elementtype(i32) %p, ptr elementtype(i32) %p)
  ret void
}
