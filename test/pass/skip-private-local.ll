; Accesses to a local that does not escape are not instrumented (it is private to the attempt); a local whose address escapes is; -ame-skip-private-locals=false instruments both.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-skip-private-locals=false -S %s | FileCheck %s --check-prefix=ALL
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-analysis=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare void @escape(ptr) memory(none)

; CHECK-LABEL: define i32 @locals(
; CHECK: store i32 1, ptr %private
; CHECK-NEXT: %a = load i32, ptr %private
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr %escaping, i32 2, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %b = call i32 @__ame_load_4(ptr %tx, ptr %escaping, ptr @.ame.site{{[.0-9]*}})
; CHECK: ret i32
; ALL-LABEL: define i32 @locals(
; ALL: call void @__ame_store_4(ptr %tx, ptr %private, i32 1, ptr @.ame.site{{[.0-9]*}})
; ALL-NEXT: %a = call i32 @__ame_load_4(ptr %tx, ptr %private, ptr @.ame.site{{[.0-9]*}})
; ALL-NEXT: call void @__ame_store_4(ptr %tx, ptr %escaping, i32 2, ptr @.ame.site{{[.0-9]*}})
; REMARK: remark: <unknown>:0:0: accesses to local private are not instrumented: it does not escape
; REMARK-NOT: local escaping
define i32 @locals(ptr %tx) "ame-tx-clone" {
  %private = alloca i32
  %escaping = alloca i32
  call void @escape(ptr %escaping)
  store i32 1, ptr %private
  %a = load i32, ptr %private
  store i32 2, ptr %escaping
  %b = load i32, ptr %escaping
  %s = add i32 %a, %b
  ret i32 %s
}
