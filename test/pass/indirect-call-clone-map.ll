; An indirect call in transactional code asks the runtime for its target's clone (__ame_find_clone) and calls the clone with tx; a target without a clone runs after __ame_irrevocable_v2 with the detail "indirect call". Every address-taken function gets a clone and an entry in the module's clone map (so does a function of another module whose address is taken here, with its public clone, extern_weak), which a constructor registers with the runtime and a destructor (exit, dlclose) unregisters.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s --check-prefix=DECL
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global i32 0
@table = global [2 x ptr] [ptr @callback, ptr @internal_callback]

; CHECK: @.ame.clone_map = internal constant [3 x { ptr, ptr }] [{ ptr, ptr } { ptr @callback, ptr @callback.ame.tx }, { ptr, ptr } { ptr @internal_callback, ptr @internal_callback.ame.tx }, { ptr, ptr } { ptr @elsewhere, ptr @elsewhere.ame.tx }], align 8
; CHECK: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 65535, ptr @.ame.clones_register, ptr null }]
; CHECK: @llvm.global_dtors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 65535, ptr @.ame.clones_unregister, ptr null }]
; CHECK: [[D:@.*]] = private unnamed_addr constant [14 x i8] c"indirect call\00"
; CHECK: [[SITE:@[^ ]*]] = private constant { ptr, ptr, i32, i32, ptr, i32 } { ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 0, i32 0, ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[D]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 -2147483648 }

; The original address-taken function is unchanged.
; CHECK-LABEL: define i32 @callback(i32 %x)
; CHECK-NEXT: store i32 %x, ptr @g
define i32 @callback(i32 %x) {
  store i32 %x, ptr @g
  ret i32 %x
}

; CHECK-LABEL: define i32 @ind(
; CHECK-NEXT: %ame.clone = call ptr @__ame_find_clone(ptr %fp)
; CHECK-NEXT: [[HAS:%.*]] = icmp ne ptr %ame.clone, null
; CHECK-NEXT: br i1 [[HAS]], label %[[TX:.*]], label %[[IRR:.*]]
; CHECK: [[TX]]:
; CHECK-NEXT: [[R1:%.*]] = call i32 %ame.clone(ptr %tx, i32 1)
; CHECK: [[IRR]]:
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr [[SITE]])
; CHECK-NEXT: [[R2:%.*]] = call i32 %fp(i32 1)
; CHECK: %r = phi i32 [ [[R1]], %[[TX]] ], [ [[R2]], %[[IRR]] ]
; CHECK-NEXT: ret i32 %r
define i32 @ind(ptr %tx, ptr %fp) "ame-tx-clone" {
  %r = call i32 %fp(i32 1)
  ret i32 %r
}

; CHECK-LABEL: define i32 @callback.ame.tx(ptr %tx, i32 %x)
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr @g, i32 %x, ptr @.ame.site{{[.0-9]*}})
; CHECK-NOT: @unused_internal.ame.tx

; An internal function is in the map because its address is taken.
define internal void @internal_callback() {
  store i32 2, ptr @g
  ret void
}

; An internal function whose address is not taken has no clone and no entry.
define internal void @unused_internal() {
  store i32 3, ptr @g
  ret void
}

; CHECK-LABEL: define internal void @.ame.clones_register()
; CHECK-NEXT: entry:
; CHECK-NEXT: call void @__ame_clones_register(ptr @.ame.clone_map, i64 3)
; CHECK-LABEL: define internal void @.ame.clones_unregister()
; CHECK-NEXT: entry:
; CHECK-NEXT: call void @__ame_clones_unregister(ptr @.ame.clone_map, i64 3)

; A function of another module whose address is taken here: its public clone,
; extern_weak (null when that module was built without AME), is in the map.
@other_table = global [1 x ptr] [ptr @elsewhere]
declare void @elsewhere(i32)
; DECL: declare extern_weak void @elsewhere.ame.tx(ptr, i32)
