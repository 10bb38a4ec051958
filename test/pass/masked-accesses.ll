; Masked vector loads and stores (llvm.masked.load, .store, .gather,
; .scatter, .expandload, .compressstore, and x86's AVX maskload/maskstore,
; whose lanes are on where their sign bit is set) run one lane at a time:
; for each lane its mask selects, one scalar load or store of the lane's
; element, under a branch on the lane's bit unless the bit is a constant; a
; load's lanes left out keep the pass-through value (0 for x86's). Each lane
; is then instrumented like any other access: a barrier for shared memory,
; none for a local that does not escape. No call makes the transaction run
; alone (serial mode), as the masked intrinsic's call did.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-inline-fastpath=false -pass-remarks-analysis=ame -pass-remarks-missed=ame -S %s 2>%t.remarks | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; REMARK-NOT: serial mode
; REMARK: masked vector load runs as a load of each lane its mask selects, each instrumented as any other access
; REMARK: masked vector store runs as a store of each lane its mask selects
; REMARK-NOT: serial mode
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare <4 x i32> @llvm.masked.load.v4i32.p0(ptr, i32, <4 x i1>, <4 x i32>)
declare void @llvm.masked.store.v4i32.p0(<4 x i32>, ptr, i32, <4 x i1>)
declare <2 x i64> @llvm.masked.gather.v2i64.v2p0(<2 x ptr>, i32, <2 x i1>, <2 x i64>)
declare void @llvm.masked.scatter.v2i64.v2p0(<2 x i64>, <2 x ptr>, i32, <2 x i1>)
declare <2 x i32> @llvm.masked.expandload.v2i32(ptr, <2 x i1>, <2 x i32>)
declare void @llvm.masked.compressstore.v2i32(<2 x i32>, ptr, <2 x i1>)
declare <4 x i32> @llvm.x86.avx2.maskload.d(ptr, <4 x i32>)
declare void @llvm.x86.avx2.maskstore.d(ptr, <4 x i32>, <4 x i32>)

; CHECK-NOT: __ame_irrevocable

; CHECK-LABEL: define <4 x i32> @load_var(
; CHECK: entry:
; CHECK-NEXT: %ame.lane.bit = extractelement <4 x i1> %m, i64 0
; CHECK-NEXT: br i1 %ame.lane.bit, label %ame.lane, label %ame.lane.done
; CHECK: ame.lane:
; CHECK-NEXT: %ame.lane.at = getelementptr inbounds i32, ptr %p, i64 0
; CHECK-NEXT: [[L0:%.*]] = call i32 @__ame_load_4(ptr %tx, ptr %ame.lane.at,
; CHECK-NEXT: [[V0:%.*]] = insertelement <4 x i32> %pt, i32 [[L0]], i64 0
; CHECK: ame.lane.done:
; CHECK-NEXT: %ame.lanes = phi <4 x i32> [ [[V0]], %ame.lane ], [ %pt, %entry ]
; CHECK-NEXT: %ame.lane.bit1 = extractelement <4 x i1> %m, i64 1
; CHECK: getelementptr inbounds i32, ptr %p, i64 3
; CHECK-NEXT: [[L3:%.*]] = call i32 @__ame_load_4(ptr %tx,
; CHECK-NEXT: [[V3:%.*]] = insertelement <4 x i32> [[PREV:%ame.lanes[0-9]+]], i32 [[L3]], i64 3
; CHECK: [[LAST:%ame.lanes[0-9]+]] = phi <4 x i32> [ [[V3]], %ame.lane{{[0-9]+}} ], [ [[PREV]], %ame.lane.done{{[0-9]+}} ]
; CHECK-NEXT: ret <4 x i32> [[LAST]]
define <4 x i32> @load_var(ptr %tx, ptr %p, <4 x i1> %m, <4 x i32> %pt) "ame-tx-clone" {
entry:
  %v = call <4 x i32> @llvm.masked.load.v4i32.p0(ptr %p, i32 16, <4 x i1> %m, <4 x i32> %pt)
  ret <4 x i32> %v
}

; A constant mask: the lanes it selects, without branches, and no other.
; CHECK-LABEL: define <4 x i32> @load_const(
; CHECK-NOT: br i1 %ame.lane
; CHECK-NOT: getelementptr inbounds i32, ptr %p, i64 1
; CHECK: call i32 @__ame_load_4(ptr %tx, ptr %ame.lane.at,
; CHECK: insertelement <4 x i32> %pt, i32 {{%.*}}, i64 0
; CHECK-NOT: getelementptr inbounds i32, ptr %p, i64 1
; CHECK: %ame.lane.at1 = getelementptr inbounds i32, ptr %p, i64 2
; CHECK: insertelement <4 x i32> {{%.*}}, i32 {{%.*}}, i64 2
; CHECK-NOT: getelementptr inbounds i32, ptr %p, i64 3
; CHECK: ret <4 x i32>
define <4 x i32> @load_const(ptr %tx, ptr %p, <4 x i32> %pt) "ame-tx-clone" {
entry:
  %v = call <4 x i32> @llvm.masked.load.v4i32.p0(ptr %p, i32 4, <4 x i1> <i1 true, i1 false, i1 true, i1 false>, <4 x i32> %pt)
  ret <4 x i32> %v
}

; CHECK-LABEL: define void @store_var(
; CHECK: br i1 %ame.lane.bit, label %ame.lane, label %ame.lane.done
; CHECK: ame.lane:
; CHECK-NEXT: %ame.lane.at = getelementptr inbounds i32, ptr %p, i64 0
; CHECK-NEXT: [[E0:%.*]] = extractelement <4 x i32> %v, i64 0
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr %ame.lane.at, i32 [[E0]],
; CHECK: [[E3:%.*]] = extractelement <4 x i32> %v, i64 3
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr %ame.lane.at{{[0-9]+}}, i32 [[E3]],
define void @store_var(ptr %tx, ptr %p, <4 x i32> %v, <4 x i1> %m) "ame-tx-clone" {
entry:
  call void @llvm.masked.store.v4i32.p0(<4 x i32> %v, ptr %p, i32 4, <4 x i1> %m)
  ret void
}

; Lane pointers of a gather and a scatter; the scatter stores what the
; gather's lanes built.
; CHECK-LABEL: define <2 x i64> @gather_scatter(
; CHECK: %ame.lane.at = extractelement <2 x ptr> %ps, i64 0
; CHECK-NEXT: call i64 @__ame_load_8(ptr %tx, ptr %ame.lane.at,
; CHECK: [[G:%ame.lanes[0-9]+]] = phi <2 x i64>
; CHECK: extractelement <2 x ptr> %ps, i64 0
; CHECK-NEXT: [[S0:%.*]] = extractelement <2 x i64> [[G]], i64 0
; CHECK-NEXT: call void @__ame_store_8(ptr %tx, ptr %ame.lane.at{{[0-9]+}}, i64 [[S0]],
; CHECK: ret <2 x i64> [[G]]
define <2 x i64> @gather_scatter(ptr %tx, <2 x ptr> %ps, <2 x i1> %m, <2 x i64> %pt) "ame-tx-clone" {
entry:
  %v = call <2 x i64> @llvm.masked.gather.v2i64.v2p0(<2 x ptr> %ps, i32 8, <2 x i1> %m, <2 x i64> %pt)
  call void @llvm.masked.scatter.v2i64.v2p0(<2 x i64> %v, <2 x ptr> %ps, i32 8, <2 x i1> %m)
  ret <2 x i64> %v
}

; Expand and compress: each lane that is on takes the next element.
; CHECK-LABEL: define <2 x i32> @expand_compress(
; CHECK: ame.lane:
; CHECK-NEXT: call i32 @__ame_load_4(ptr %tx, ptr %p,
; CHECK: %ame.lane.after = getelementptr inbounds i32, ptr %p, i64 1
; CHECK: %ame.lane.next = phi ptr [ %ame.lane.after, %ame.lane ], [ %p, %entry ]
; CHECK: call i32 @__ame_load_4(ptr %tx, ptr %ame.lane.next,
; CHECK: call void @__ame_store_4(ptr %tx, ptr %q,
; CHECK: %ame.lane.next{{[0-9]+}} = phi ptr [ %ame.lane.after{{[0-9]+}}, %ame.lane{{[0-9]+}} ], [ %q, %ame.lane.done{{[0-9]+}} ]
; CHECK: call void @__ame_store_4(ptr %tx, ptr %ame.lane.next{{[0-9]+}},
define <2 x i32> @expand_compress(ptr %tx, ptr %p, ptr %q, <2 x i1> %m, <2 x i32> %pt) "ame-tx-clone" {
entry:
  %v = call <2 x i32> @llvm.masked.expandload.v2i32(ptr %p, <2 x i1> %m, <2 x i32> %pt)
  call void @llvm.masked.compressstore.v2i32(<2 x i32> %v, ptr %q, <2 x i1> %m)
  ret <2 x i32> %v
}

; x86's own: a lane is on when its sign bit is set, lanes left out load 0.
; CHECK-LABEL: define <4 x i32> @x86(
; CHECK: %ame.lane.bit = extractelement <4 x i32> %m, i64 0
; CHECK-NEXT: %ame.lane.on = icmp slt i32 %ame.lane.bit, 0
; CHECK-NEXT: br i1 %ame.lane.on, label %ame.lane, label %ame.lane.done
; CHECK: [[X0:%.*]] = call i32 @__ame_load_4(ptr %tx,
; CHECK-NEXT: insertelement <4 x i32> zeroinitializer, i32 [[X0]], i64 0
; CHECK: %ame.lanes = phi <4 x i32> [ {{%.*}}, %ame.lane ], [ zeroinitializer, %entry ]
; CHECK: call void @__ame_store_4(ptr %tx,
define <4 x i32> @x86(ptr %tx, ptr %p, <4 x i32> %m) "ame-tx-clone" {
entry:
  %v = call <4 x i32> @llvm.x86.avx2.maskload.d(ptr %p, <4 x i32> %m)
  call void @llvm.x86.avx2.maskstore.d(ptr %p, <4 x i32> %m, <4 x i32> %v)
  ret <4 x i32> %v
}

; The lanes of a local that does not escape are plain stores, each aligned
; as its offset from the vector's alignment allows.
; CHECK-LABEL: define i32 @local(
; CHECK-NOT: call void @__ame_store
; CHECK: %ame.lane.at = getelementptr inbounds i32, ptr %a, i64 0
; CHECK-NEXT: [[A0:%.*]] = extractelement <4 x i32> %v, i64 0
; CHECK-NEXT: store i32 [[A0]], ptr %ame.lane.at, align 16
; CHECK: [[A1:%.*]] = extractelement <4 x i32> %v, i64 1
; CHECK-NEXT: store i32 [[A1]], ptr %ame.lane.at{{[0-9]+}}, align 4
; CHECK: [[A2:%.*]] = extractelement <4 x i32> %v, i64 2
; CHECK-NEXT: store i32 [[A2]], ptr %ame.lane.at{{[0-9]+}}, align 8
; CHECK-NOT: call void @__ame_store
; CHECK: ret i32
define i32 @local(ptr %tx, <4 x i32> %v, <4 x i1> %m) "ame-tx-clone" {
entry:
  %a = alloca <4 x i32>
  store <4 x i32> zeroinitializer, ptr %a
  call void @llvm.masked.store.v4i32.p0(<4 x i32> %v, ptr %a, i32 16, <4 x i1> %m)
  %r = load i32, ptr %a
  ret i32 %r
}
