; ame-regions replaces each "ame.immutable" llvm.ptr.annotation by its operand and tags the accesses through it !ame.immutable; a tagged load's struct-path TBAA tag is listed in !ame.immutable.tbaa, and a tagged load without one gets AME's own tag (a separate root); an access wider than the field is not tagged.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-regions -S %s | FileCheck %s
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.obj = type { i64, i32, i32 }

@.str = private unnamed_addr constant [14 x i8] c"ame.immutable\00", section "llvm.metadata"
@.str.1 = private unnamed_addr constant [4 x i8] c"t.c\00", section "llvm.metadata"

; CHECK-NOT: @.str
; CHECK-LABEL: define i32 @f(
; CHECK-NEXT: %f1 = getelementptr inbounds %struct.obj, ptr %o, i32 0, i32 1
; CHECK-NEXT: %a = load i32, ptr %f1, align 8, !tbaa [[OBJ_KIND:![0-9]+]], !ame.immutable
; CHECK-NEXT: %f2 = getelementptr inbounds %struct.obj, ptr %o, i32 0, i32 1
; CHECK-NEXT: %b = load i32, ptr %f2, align 8, !tbaa [[OWN:![0-9]+]], !ame.immutable
; CHECK-NEXT: store i32 1, ptr %f2, align 8, !ame.immutable
; CHECK-NEXT: %w = load i64, ptr %f2, align 8, !ame.outside.block !{{[0-9]+}}{{$}}
; CHECK-NOT: llvm.ptr.annotation
; CHECK: ret i32
define i32 @f(ptr %o) {
  %f1 = getelementptr inbounds %struct.obj, ptr %o, i32 0, i32 1
  %p1 = call ptr @llvm.ptr.annotation.p0.p0(ptr %f1, ptr @.str, ptr @.str.1, i32 3, ptr null)
  %a = load i32, ptr %p1, align 8, !tbaa !5
  %f2 = getelementptr inbounds %struct.obj, ptr %o, i32 0, i32 1
  %p2 = call ptr @llvm.ptr.annotation.p0.p0(ptr %f2, ptr @.str, ptr @.str.1, i32 3, ptr null)
  %b = load i32, ptr %p2, align 8
  store i32 1, ptr %p2, align 8
  %w = load i64, ptr %p2, align 8
  %t = trunc i64 %w to i32
  %s1 = add i32 %a, %b
  %s = add i32 %s1, %t
  ret i32 %s
}

declare ptr @llvm.ptr.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)

; CHECK-NOT: declare ptr @llvm.ptr.annotation
; CHECK: !ame.immutable.tbaa = !{[[OBJ_KIND]], [[OWN]]}
; CHECK: [[OBJ_KIND]] = !{[[OBJ:![0-9]+]], [[INT:![0-9]+]], i64 8}
; CHECK: [[OWN]] = !{[[OWNTY:![0-9]+]], [[OWNTY]], i64 0}
; CHECK: [[OWNTY]] = !{!"ame.immutable", [[ROOT:![0-9]+]], i64 0}
; CHECK: [[ROOT]] = !{!"AME immutable TBAA"}
!0 = !{!"Simple C/C++ TBAA"}
!1 = !{!"omnipotent char", !0, i64 0}
!2 = !{!"int", !1, i64 0}
!3 = !{!"long", !1, i64 0}
!4 = !{!"obj", !3, i64 0, !2, i64 8, !2, i64 12}
!5 = !{!4, !2, i64 8}
