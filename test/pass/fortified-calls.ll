; Calls of glibc's checking functions, which _FORTIFY_SOURCE makes of copies
; into objects of known size (__memcpy_chk, __memmove_chk, __memset_chk,
; __strcpy_chk, __stpcpy_chk, __strcat_chk, __strncpy_chk, __stpncpy_chk,
; __strncat_chk, __mempcpy_chk, __memccpy_chk), run in a
; transaction as glibc's length check, computed with the transactional
; strlen and strnlen, then the unchecked function: the memory intrinsics'
; barriers, the transactional versions of strncpy, stpncpy and memccpy,
; and for the other string
; functions a copy (__ame_memcpy) of the bytes the check measured, without
; scanning the string again (strncat then writes its NUL); only a failing
; check calls the checking function, which the transaction first becomes
; inevitable for, without the serial-mode remark of other such calls.
; stpcpy and mempcpy return the end of what they copied. Checking functions
; without a transactional counterpart (__strlcpy_chk, of glibc 2.38) stay
; calls that run in serial mode.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -ame-inline-fastpath=false -pass-remarks-analysis=ame -pass-remarks-missed=ame -S %s 2>%t.remarks | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; REMARK: call to __strcpy_chk runs as its length check and the transactional function; only a failing check calls it, after the transaction becomes inevitable
; REMARK-NOT: __strcpy_chk cannot be instrumented
; REMARK: call to __strlcpy_chk cannot be instrumented: the transaction runs alone from here (serial mode)
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare ptr @__strcpy_chk(ptr, ptr, i64)
declare ptr @__strcat_chk(ptr, ptr, i64)
declare ptr @__strncat_chk(ptr, ptr, i64, i64)
declare ptr @__memcpy_chk(ptr, ptr, i64, i64)
declare ptr @__memset_chk(ptr, i32, i64, i64)
declare ptr @__stpcpy_chk(ptr, ptr, i64)
declare ptr @__mempcpy_chk(ptr, ptr, i64, i64)
declare ptr @__stpncpy_chk(ptr, ptr, i64, i64)
declare ptr @__memccpy_chk(ptr, ptr, i32, i64, i64)
declare i64 @__strlcpy_chk(ptr, ptr, i64, i64)

; CHECK-LABEL: define ptr @copy(
; CHECK: [[LEN:%.*]] = call i64 @__ame_tx_strlen.at(ptr %tx, ptr %s,
; CHECK-NEXT: [[BAD:%.*]] = icmp uge i64 [[LEN]], 16
; CHECK-NEXT: [[BYTES:%.*]] = add i64 [[LEN]], 1
; CHECK-NEXT: br i1 [[BAD]], label %ame.chk.fail, label %ame.chk.ok
; CHECK: ame.chk.fail:
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx,
; CHECK-NEXT: [[F:%.*]] = call ptr @__strcpy_chk(ptr %d, ptr %s, i64 16), !ame.check.failed
; CHECK: ame.chk.ok:
; CHECK-NEXT: call void @__ame_memcpy(ptr %tx, ptr %d, ptr %s, i64 [[BYTES]],
; CHECK-NEXT: br label %ame.chk.done
; CHECK: ame.chk.done:
; CHECK-NEXT: %ame.chk.result = phi ptr [ [[F]], %ame.chk.fail ], [ %d, %ame.chk.ok ]
; CHECK-NEXT: ret ptr %ame.chk.result
define ptr @copy(ptr %tx, ptr %d, ptr %s) "ame-tx-clone" {
entry:
  %r = call ptr @__strcpy_chk(ptr %d, ptr %s, i64 16)
  ret ptr %r
}

; strcat: both lengths, then the source and its NUL after the destination's
; string; strncat: the destination's and at most n more, then that many and
; a NUL.
; CHECK-LABEL: define void @append(
; CHECK: [[HAD:%.*]] = call i64 @__ame_tx_strlen.at(ptr %tx, ptr %d,
; CHECK-NEXT: [[ADDS:%.*]] = call i64 @__ame_tx_strlen.at(ptr %tx, ptr %s,
; CHECK-NEXT: [[SUM:%.*]] = add i64 [[HAD]], [[ADDS]]
; CHECK-NEXT: icmp uge i64 [[SUM]], 32
; CHECK-NEXT: [[END:%.*]] = getelementptr inbounds i8, ptr %d, i64 [[HAD]]
; CHECK-NEXT: [[CAT:%.*]] = add i64 [[ADDS]], 1
; CHECK: call ptr @__strcat_chk(ptr %d, ptr %s, i64 32), !ame.check.failed
; CHECK: call void @__ame_memcpy(ptr %tx, ptr [[END]], ptr %s, i64 [[CAT]],
; CHECK: [[HAD2:%.*]] = call i64 @__ame_tx_strlen.at(ptr %tx, ptr %d,
; CHECK-NEXT: [[ADDS2:%.*]] = call i64 @__ame_tx_strnlen.at(ptr %tx, ptr %s, i64 %n,
; CHECK-NEXT: [[SUM2:%.*]] = add i64 [[HAD2]], [[ADDS2]]
; CHECK-NEXT: icmp uge i64 [[SUM2]], 32
; CHECK-NEXT: [[END2:%.*]] = getelementptr inbounds i8, ptr %d, i64 [[HAD2]]
; CHECK: call ptr @__strncat_chk(ptr %d, ptr %s, i64 %n, i64 32), !ame.check.failed
; CHECK: call void @__ame_memcpy(ptr %tx, ptr [[END2]], ptr %s, i64 [[ADDS2]],
; CHECK-NEXT: [[NUL:%.*]] = getelementptr inbounds i8, ptr [[END2]], i64 [[ADDS2]]
; CHECK-NEXT: call void @__ame_store_1(ptr %tx, ptr [[NUL]], i8 0,
define void @append(ptr %tx, ptr %d, ptr %s, i64 %n) "ame-tx-clone" {
entry:
  %r = call ptr @__strcat_chk(ptr %d, ptr %s, i64 32)
  %q = call ptr @__strncat_chk(ptr %d, ptr %s, i64 %n, i64 32)
  ret void
}

; The memory functions: the length against the object's, then the
; intrinsic's barrier; the result is the destination.
; CHECK-LABEL: define ptr @bytes(
; CHECK: icmp ugt i64 %n, 64
; CHECK: call ptr @__memcpy_chk(ptr %d, ptr %s, i64 %n, i64 64), !ame.check.failed
; CHECK: ame.chk.ok:
; CHECK-NEXT: call void @__ame_memcpy(ptr %tx, ptr %d, ptr %s, i64 %n,
; CHECK: %ame.chk.result = phi ptr [ {{%.*}}, %ame.chk.fail ], [ %d, %ame.chk.ok ]
; CHECK: icmp ugt i64 %n, 64
; CHECK: call ptr @__memset_chk(ptr %ame.chk.result, i32 7, i64 %n, i64 64), !ame.check.failed
; CHECK: call void @__ame_memset(ptr %tx, ptr %ame.chk.result, i32 7, i64 %n,
define ptr @bytes(ptr %tx, ptr %d, ptr %s, i64 %n) "ame-tx-clone" {
entry:
  %r = call ptr @__memcpy_chk(ptr %d, ptr %s, i64 %n, i64 64)
  %z = call ptr @__memset_chk(ptr %r, i32 7, i64 %n, i64 64)
  ret ptr %z
}

; CHECK-LABEL: define ptr @ends(
; CHECK: [[LEN:%.*]] = call i64 @__ame_tx_strlen.at(ptr %tx, ptr %s,
; CHECK-NEXT: icmp uge i64 [[LEN]], 16
; CHECK-NEXT: [[BYTES:%.*]] = add i64 [[LEN]], 1
; CHECK: call ptr @__stpcpy_chk(ptr %d, ptr %s, i64 16), !ame.check.failed
; CHECK: ame.chk.ok:
; CHECK-NEXT: call void @__ame_memcpy(ptr %tx, ptr %d, ptr %s, i64 [[BYTES]],
; CHECK-NEXT: [[END:%.*]] = getelementptr inbounds i8, ptr %d, i64 [[LEN]]
; CHECK: %ame.chk.result = phi ptr [ {{%.*}}, %ame.chk.fail ], [ [[END]], %ame.chk.ok ]
; CHECK: icmp ugt i64 %n, 32
; CHECK: call ptr @__mempcpy_chk(ptr %ame.chk.result, ptr %s, i64 %n, i64 32), !ame.check.failed
; CHECK: ame.chk.ok{{[0-9]+}}:
; CHECK-NEXT: call void @__ame_memcpy(ptr %tx, ptr %ame.chk.result, ptr %s, i64 %n,
; CHECK-NEXT: [[PEND:%.*]] = getelementptr inbounds i8, ptr %ame.chk.result, i64 %n
; CHECK: phi ptr [ {{%.*}}, %ame.chk.fail{{[0-9]+}} ], [ [[PEND]], %ame.chk.ok{{[0-9]+}} ]
define ptr @ends(ptr %tx, ptr %d, ptr %s, i64 %n) "ame-tx-clone" {
entry:
  %r = call ptr @__stpcpy_chk(ptr %d, ptr %s, i64 16)
  %q = call ptr @__mempcpy_chk(ptr %r, ptr %s, i64 %n, i64 32)
  ret ptr %q
}

; The bound is the length argument, the copy stpncpy's and memccpy's
; transactional versions, memccpy's stop byte passed on.
; CHECK-LABEL: define ptr @bounded(
; CHECK: icmp ugt i64 %n, 16
; CHECK: call ptr @__stpncpy_chk(ptr %d, ptr %s, i64 %n, i64 16), !ame.check.failed
; CHECK: ame.chk.ok:
; CHECK-NEXT: [[END:%.*]] = call ptr @__ame_tx_stpncpy.at(ptr %tx, ptr %d, ptr %s, i64 %n,
; CHECK: %ame.chk.result = phi ptr [ {{%.*}}, %ame.chk.fail ], [ [[END]], %ame.chk.ok ]
; CHECK: icmp ugt i64 %n, 24
; CHECK: call ptr @__memccpy_chk(ptr %ame.chk.result, ptr %s, i32 58, i64 %n, i64 24), !ame.check.failed
; CHECK: ame.chk.ok{{[0-9]+}}:
; CHECK-NEXT: [[STOP:%.*]] = call ptr @__ame_tx_memccpy.at(ptr %tx, ptr %ame.chk.result, ptr %s, i32 58, i64 %n,
; CHECK: phi ptr [ {{%.*}}, %ame.chk.fail{{[0-9]+}} ], [ [[STOP]], %ame.chk.ok{{[0-9]+}} ]
define ptr @bounded(ptr %tx, ptr %d, ptr %s, i64 %n) "ame-tx-clone" {
entry:
  %r = call ptr @__stpncpy_chk(ptr %d, ptr %s, i64 %n, i64 16)
  %q = call ptr @__memccpy_chk(ptr %r, ptr %s, i32 58, i64 %n, i64 24)
  ret ptr %q
}

; CHECK-LABEL: define i64 @other(
; CHECK-NEXT: entry:
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx,
; CHECK-NEXT: %r = call i64 @__strlcpy_chk(ptr %d, ptr %s, i64 8, i64 16)
; CHECK-NOT: !ame.check.failed
define i64 @other(ptr %tx, ptr %d, ptr %s) "ame-tx-clone" {
entry:
  %r = call i64 @__strlcpy_chk(ptr %d, ptr %s, i64 8, i64 16)
  ret i64 %r
}
