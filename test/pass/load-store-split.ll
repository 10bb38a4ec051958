; With -ame-split-wide-accesses, accesses of 16 to 64 bytes, a multiple of 8 (vectors from the loop vectorizer, i128, fp128, vectors of pointers), are split into 8-byte __ame_load_8/__ame_store_8 barriers and reassembled with insertelement/bitcast; 128-byte and 12-byte vectors keep load_bytes/store_bytes.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-split-wide-accesses -S %s | FileCheck %s
; Off by default (-ame-split-wide-accesses=false): load_bytes/store_bytes.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s --check-prefix=DEFAULT
; DEFAULT-LABEL: define void @v16(
; DEFAULT: call void @__ame_load_bytes(ptr %tx, ptr {{%.*}}, ptr %p, i64 16)
; DEFAULT: call void @__ame_store_bytes(ptr %tx, ptr %q, ptr {{%.*}}, i64 16)
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define void @v16(
; CHECK: [[A0:%.*]] = call i64 @__ame_load_8(ptr %tx, ptr %p)
; CHECK-NEXT: [[V0:%.*]] = insertelement <2 x i64> poison, i64 [[A0]], i64 0
; CHECK-NEXT: [[P1:%.*]] = getelementptr inbounds i8, ptr %p, i64 8
; CHECK-NEXT: [[A1:%.*]] = call i64 @__ame_load_8(ptr %tx, ptr [[P1]])
; CHECK-NEXT: [[V1:%.*]] = insertelement <2 x i64> [[V0]], i64 [[A1]], i64 1
; CHECK-NEXT: %a = bitcast <2 x i64> [[V1]] to <4 x i32>
; CHECK-NEXT: [[S:%.*]] = bitcast <4 x i32> %a to <2 x i64>
; CHECK-NEXT: [[E0:%.*]] = extractelement <2 x i64> [[S]], i64 0
; CHECK-NEXT: call void @__ame_store_8(ptr %tx, ptr %q, i64 [[E0]])
; CHECK-NEXT: [[Q1:%.*]] = getelementptr inbounds i8, ptr %q, i64 8
; CHECK-NEXT: [[E1:%.*]] = extractelement <2 x i64> [[S]], i64 1
; CHECK-NEXT: call void @__ame_store_8(ptr %tx, ptr [[Q1]], i64 [[E1]])
; CHECK-NEXT: ret void
define void @v16(ptr %tx, ptr %p, ptr %q) "ame-tx-clone" {
  %a = load <4 x i32>, ptr %p, align 4
  store <4 x i32> %a, ptr %q, align 4
  ret void
}

; CHECK-LABEL: define void @v32(
; CHECK-COUNT-4: call i64 @__ame_load_8(
; CHECK: %a = bitcast <4 x i64> {{%.*}} to <8 x float>
; CHECK-COUNT-4: call void @__ame_store_8(
; CHECK-NOT: __ame_
; CHECK: ret void
define void @v32(ptr %tx, ptr %p, ptr %q) "ame-tx-clone" {
  %a = load <8 x float>, ptr %p, align 4
  store <8 x float> %a, ptr %q, align 4
  ret void
}

; CHECK-LABEL: define void @v64(
; CHECK-COUNT-8: call i64 @__ame_load_8(
; CHECK-COUNT-8: call void @__ame_store_8(
; CHECK-NOT: __ame_
; CHECK: ret void
define void @v64(ptr %tx, ptr %p, ptr %q) "ame-tx-clone" {
  %a = load <8 x i64>, ptr %p
  store <8 x i64> %a, ptr %q
  ret void
}

; CHECK-LABEL: define void @scalars(
; CHECK-COUNT-2: call i64 @__ame_load_8(
; CHECK: %a = bitcast <2 x i64> {{%.*}} to i128
; CHECK-COUNT-2: call i64 @__ame_load_8(
; CHECK: %b = bitcast <2 x i64> {{%.*}} to fp128
; CHECK-COUNT-2: call i64 @__ame_load_8(
; CHECK: %c = inttoptr <2 x i64> {{%.*}} to <2 x ptr>
; CHECK: ptrtoint <2 x ptr> %c to <2 x i64>
; CHECK-COUNT-2: call void @__ame_store_8(
; CHECK: ret void
define void @scalars(ptr %tx, ptr %p, ptr %q) "ame-tx-clone" {
  %a = load i128, ptr %p
  %b = load fp128, ptr %p
  %c = load <2 x ptr>, ptr %p
  store <2 x ptr> %c, ptr %q
  ret void
}

; CHECK-LABEL: define void @not_split(
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr {{%.*}}, ptr %p, i64 128)
; CHECK: call void @__ame_load_bytes(ptr %tx, ptr {{%.*}}, ptr %p, i64 12)
; CHECK-NOT: call i64 @__ame_load_8
; CHECK: ret void
define void @not_split(ptr %tx, ptr %p) "ame-tx-clone" {
  %a = load <16 x i64>, ptr %p
  %b = load <3 x i32>, ptr %p
  ret void
}
