; A hand-made stand-in for build/lib/ame_fastpath.bc: fast paths that call an
; external slow path, plus a definition that must not be copied.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@__ame_flags = global i32 0

define available_externally i32 @__ame_load_4(ptr %tx, ptr %a, ptr %site) {
  %f = load i32, ptr @__ame_flags
  %slow = icmp ne i32 %f, 0
  br i1 %slow, label %s, label %fast
fast:
  %v = load i32, ptr %a
  ret i32 %v
s:
  %r = call i32 @__ame_slow_load_4(ptr %tx, ptr %a, ptr %site)
  ret i32 %r
}

define available_externally void @__ame_store_4(ptr %tx, ptr %a, i32 %v, ptr %site) {
  call void @__ame_slow_store_4(ptr %tx, ptr %a, i32 %v, ptr %site)
  ret void
}

define i32 @__ame_slow_load_4(ptr %tx, ptr %a, ptr %site) {
  %v = load i32, ptr %a
  ret i32 %v
}

declare void @__ame_slow_store_4(ptr, ptr, i32, ptr)
