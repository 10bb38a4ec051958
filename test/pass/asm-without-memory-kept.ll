; Inline asm that cannot touch the program's memory runs as it is inside a transaction, with no __ame_irrevocable_v2: an empty asm with a "memory" clobber (a compiler barrier), and asm with register operands only.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks=ame -pass-remarks-missed=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define void @compiler_barrier(
; CHECK-NOT: __ame_irrevocable
; CHECK: call void asm sideeffect "", "~{memory}"()
; CHECK-NEXT: ret void
; REMARK: inline asm without memory operands runs as it is
define void @compiler_barrier(ptr %tx) "ame-tx-clone" {
  call void asm sideeffect "", "~{memory}"()
  ret void
}

; CHECK-LABEL: define i64 @registers_only(
; CHECK-NOT: __ame_irrevocable
; CHECK: call i64 asm sideeffect "rdtsc
; CHECK: ret i64
; REMARK: inline asm without memory operands runs as it is
; REMARK-NOT: cannot be instrumented
define i64 @registers_only(ptr %tx, i64 %x) "ame-tx-clone" {
  %t = call i64 asm sideeffect "rdtsc; shl $$32, %rdx; or %rdx, %rax", "={ax},~{rdx},~{dirflag},~{fpsr},~{flags}"()
  call void asm sideeffect "pause", "~{dirflag},~{fpsr},~{flags}"()
  %r = call i64 asm "add $2, $0", "=r,0,r"(i64 %x, i64 %t)
  ret i64 %r
}
