; A load that lost its !ame.immutable mark (an optimization merged or re-created it) is still not instrumented when its TBAA tag is one listed in !ame.immutable.tbaa; a load with another tag of the same struct, or a scalar tag, is instrumented. Each load alone: reads of one object sharing a barrier are object-reads.ll's.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-inline-fastpath=false -ame-object-reads=false -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-analysis=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; CHECK-LABEL: define i32 @loads(
; CHECK-NEXT: %kind = getelementptr inbounds i8, ptr %o, i64 8
; CHECK-NEXT: %a = load i32, ptr %kind, align 4, !tbaa
; CHECK-NEXT: %b = load i32, ptr %kind, align 4, !tbaa
; CHECK-NEXT: %val = getelementptr inbounds i8, ptr %o, i64 12
; CHECK-NEXT: %c = call i32 @__ame_load_4(ptr %tx, ptr %val, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %d = call i32 @__ame_load_4(ptr %tx, ptr %kind, ptr @.ame.site{{[.0-9]*}})
; REMARK: remark: <unknown>:0:0: load of AME_IMMUTABLE data is not instrumented: it does not change once its object is published{{$}}
; REMARK-NEXT: remark: <unknown>:0:0: load of AME_IMMUTABLE data is not instrumented: it does not change once its object is published (recognised by its TBAA tag)
; REMARK-NOT: load of AME_IMMUTABLE
define i32 @loads(ptr %tx, ptr %o) "ame-tx-clone" {
  %kind = getelementptr inbounds i8, ptr %o, i64 8
  %a = load i32, ptr %kind, align 4, !tbaa !5, !ame.immutable !9
  %b = load i32, ptr %kind, align 4, !tbaa !5
  %val = getelementptr inbounds i8, ptr %o, i64 12
  %c = load i32, ptr %val, align 4, !tbaa !8
  %d = load i32, ptr %kind, align 4, !tbaa !10
  %s1 = add i32 %a, %b
  %s2 = add i32 %c, %d
  %s = add i32 %s1, %s2
  ret i32 %s
}

!ame.immutable.tbaa = !{!5}
!0 = !{!"Simple C/C++ TBAA"}
!1 = !{!"omnipotent char", !0, i64 0}
!2 = !{!"int", !1, i64 0}
!3 = !{!"long", !1, i64 0}
!4 = !{!"obj", !3, i64 0, !2, i64 8, !2, i64 12}
!5 = !{!4, !2, i64 8}
!8 = !{!4, !2, i64 12}
!9 = !{}
!10 = !{!2, !2, i64 0}
