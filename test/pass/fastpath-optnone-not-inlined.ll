; Functions left unoptimized (optnone: every function at -O0) keep calls to libame's out-of-line barriers instead of inlined fast paths: unoptimized, each inlined barrier would add stack slots of its own to the frame (a recursive clone's frame grew from 40 to 536 bytes), and the calls are faster there too. Optimized functions still get the fast paths inlined.
; RUN: llvm-as %S/Inputs/fastpath.ll -o %t.bc
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-inline-fastpath -ame-fastpath-bc=%t.bc -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define i32 @unoptimized.ame.tx(
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr null)
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr %p, i32 %v, ptr null)
; CHECK-NEXT: ret i32 %v
define i32 @unoptimized.ame.tx(ptr %tx, ptr %p) noinline optnone "ame-tx-clone" {
  %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr null)
  call void @__ame_store_4(ptr %tx, ptr %p, i32 %v, ptr null)
  ret i32 %v
}

; CHECK-LABEL: define i32 @optimized.ame.tx(
; CHECK-NOT: call i32 @__ame_load_4
; CHECK: call i32 @__ame_slow_load_4(ptr %tx, ptr %p, ptr null)
; CHECK: ret i32
define i32 @optimized.ame.tx(ptr %tx, ptr %p) "ame-tx-clone" {
  %v = call i32 @__ame_load_4(ptr %tx, ptr %p, ptr null)
  call void @__ame_store_4(ptr %tx, ptr %p, i32 %v, ptr null)
  ret i32 %v
}

; The fast paths stay declared for the unoptimized calls (libame defines them).
; CHECK: declare i32 @__ame_load_4(ptr, ptr, ptr)
; CHECK: declare void @__ame_store_4(ptr, ptr, i32, ptr)
declare i32 @__ame_load_4(ptr, ptr, ptr)
declare void @__ame_store_4(ptr, ptr, i32, ptr)
