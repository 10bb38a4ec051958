; Integer loads and stores of 1, 2, 4 and 8 bytes (and i1) in a transactional function become __ame_load_N / __ame_store_N.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-write-slots=false -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define void @ints(
; CHECK-NEXT: %a = call i8 @__ame_load_for_write_1(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %b = call i16 @__ame_load_for_write_2(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %c = call i32 @__ame_load_for_write_4(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %d = call i64 @__ame_load_for_write_8(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: [[B:%.*]] = call i8 @__ame_load_for_write_1(ptr %tx, ptr %p, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %e = trunc i8 [[B]] to i1
; CHECK-NEXT: call void @__ame_store_1(ptr %tx, ptr %p, i8 %a, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_store_2(ptr %tx, ptr %p, i16 %b, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr %p, i32 %c, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_store_8(ptr %tx, ptr %p, i64 %d, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: [[Z:%.*]] = zext i1 %e to i8
; CHECK-NEXT: call void @__ame_store_1(ptr %tx, ptr %p, i8 [[Z]], ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: ret void
define void @ints(ptr %tx, ptr %p) "ame-tx-clone" {
  %a = load i8, ptr %p
  %b = load i16, ptr %p
  %c = load i32, ptr %p
  %d = load i64, ptr %p
  %e = load i1, ptr %p
  store i8 %a, ptr %p
  store i16 %b, ptr %p
  store i32 %c, ptr %p
  store i64 %d, ptr %p
  store i1 %e, ptr %p
  ret void
}

; The C ABI zero-extends uint8_t/uint16_t.
; CHECK: declare zeroext i8 @__ame_load_for_write_1(ptr, ptr, ptr)
; CHECK: declare void @__ame_store_1(ptr, ptr, i8 zeroext, ptr)
