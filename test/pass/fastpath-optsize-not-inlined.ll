; Functions optimized for size (optsize: -Os; minsize: -Oz) keep calls to
; libame's out-of-line barriers: an inlined fast path is about 250 bytes of
; code, a call about 20 (bench/codesize.py, docs/code-size.md). Other
; optimized functions still get the fast paths inlined.
; RUN: llvm-as %S/Inputs/fastpath.ll -o %t.bc
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-inline-fastpath -ame-fastpath-bc=%t.bc -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define i32 @small.ame.tx(
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr null)
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr %p, i32 %v, ptr null)
; CHECK-NEXT: ret i32 %v
define i32 @small.ame.tx(ptr %tx, ptr %p) optsize "ame-tx-clone" {
  %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr null)
  call void @__ame_store_4(ptr %tx, ptr %p, i32 %v, ptr null)
  ret i32 %v
}

; CHECK-LABEL: define i32 @smallest.ame.tx(
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr null)
define i32 @smallest.ame.tx(ptr %tx, ptr %p) minsize optsize "ame-tx-clone" {
  %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr null)
  ret i32 %v
}

; CHECK-LABEL: define i32 @fast.ame.tx(
; CHECK-NOT: call i32 @__ame_load_4
; CHECK: call i32 @__ame_slow_load_4(ptr %tx, ptr %p, ptr null)
; CHECK: ret i32
define i32 @fast.ame.tx(ptr %tx, ptr %p) "ame-tx-clone" {
  %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr null)
  ret i32 %v
}

declare i32 @__ame_load_4(ptr, ptr, ptr)
declare void @__ame_store_4(ptr, ptr, i32, ptr)
