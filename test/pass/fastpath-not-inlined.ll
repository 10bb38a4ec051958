; Without the fast-path bitcode, or with one built for another target, the barrier calls stay as they are and a missed remark says why.
; RUN: llvm-as %S/Inputs/fastpath-aarch64.ll -o %t.aarch64.bc
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-inline-fastpath -ame-fastpath-bc=%t.missing.bc -pass-remarks-missed=ame -S %s 2>&1 | FileCheck %s --check-prefixes=CHECK,MISSING
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-inline-fastpath -ame-fastpath-bc=%t.aarch64.bc -pass-remarks-missed=ame -S %s 2>&1 | FileCheck %s --check-prefixes=CHECK,TRIPLE
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-inline-fastpath -ame-inline-fastpath=false -ame-fastpath-bc=%t.aarch64.bc -pass-remarks-missed=ame -S %s 2>&1 | FileCheck %s --check-prefixes=CHECK,OFF
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; MISSING: remark: <unknown>:0:0: barrier fast paths not inlined: '{{.*}}missing.bc' not found
; TRIPLE: remark: <unknown>:0:0: barrier fast paths not inlined: '{{.*}}aarch64.bc' was built for aarch64-unknown-linux-gnu and this module is x86_64-pc-linux-gnu
; OFF-NOT: remark
; CHECK-LABEL: define i32 @f.ame.region(
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr null)
define i32 @f.ame.region(ptr %tx, ptr %p) "ame-tx-clone" {
  %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr null)
  ret i32 0
}
declare i32 @__ame_load_4(ptr, ptr, ptr)
