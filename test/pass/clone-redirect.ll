; Functions reachable from a transactional function get a clone "<name>.ame.tx" with a leading tx parameter (public for external functions, internal for local ones), transitively and for recursion; calls in transactional code go to the clone while the original stays unchanged for other callers.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"
@g = global i32 0

; CHECK-LABEL: define i32 @root.ame.region(
; CHECK-NEXT: %r = call i32 @helper.ame.tx(ptr %tx, i32 %x)
; CHECK-NEXT: ret i32 0
define i32 @root.ame.region(ptr %tx, i32 %x) "ame-tx-clone" {
  %r = call i32 @helper(i32 %x)
  ret i32 0
}

; The original is untouched and still called by plain code.
; CHECK-LABEL: define i32 @helper(i32 %x)
; CHECK-NEXT: %v = load i32, ptr @g
; CHECK-NEXT: %r = call i32 @leaf(i32 %v)
; CHECK-NEXT: %s = call i32 @secret(i32 %r)
define i32 @helper(i32 %x) {
  %v = load i32, ptr @g
  %r = call i32 @leaf(i32 %v)
  %s = call i32 @secret(i32 %r)
  ret i32 %r
}

; CHECK-LABEL: define internal i32 @secret(i32 %y)
define internal i32 @secret(i32 %y) {
  ret i32 %y
}

; CHECK-LABEL: define i32 @leaf(i32 %n)
; CHECK-NEXT: store i32 %n, ptr @g
define i32 @leaf(i32 %n) {
  store i32 %n, ptr @g
  %c = icmp eq i32 %n, 0
  br i1 %c, label %done, label %again
again:
  %m = sub i32 %n, 1
  %r = call i32 @leaf(i32 %m)
  ret i32 %r
done:
  ret i32 0
}

; CHECK-LABEL: define i32 @plain()
; CHECK-NEXT: call i32 @helper(i32 1)
define i32 @plain() {
  %r = call i32 @helper(i32 1)
  ret i32 %r
}

; CHECK-LABEL: define i32 @helper.ame.tx(
; CHECK-SAME: ptr %tx, i32 %x) #[[ATTR:[0-9]+]]
; CHECK-NEXT: %v = call i32 @__ame_load_4(ptr %tx, ptr @g, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %r = call i32 @leaf.ame.tx(ptr %tx, i32 %v)
; CHECK-NEXT: %s = call i32 @secret.ame.tx(ptr %tx, i32 %r)
; CHECK-LABEL: define i32 @leaf.ame.tx(
; CHECK-SAME: ptr %tx, i32 %n) #[[ATTR]]
; CHECK-NEXT: call void @__ame_store_4(ptr %tx, ptr @g, i32 %n, ptr @.ame.site{{[.0-9]*}})
; CHECK: %r = call i32 @leaf.ame.tx(ptr %tx, i32 %m)
; CHECK-LABEL: define internal i32 @secret.ame.tx(
; CHECK-SAME: ptr %tx, i32 %y) #[[ATTR]]
; CHECK: attributes #[[ATTR]] = { "ame-instrumented" "ame-tx-clone" }
