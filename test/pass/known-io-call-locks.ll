; A call to a known I/O callee gets a site of kind 1 (inevitable, others keep running) and, between __ame_irrevocable_v2 and the call, a lock of every range it reads or writes through its arguments: strings with __ame_lock_string, sized ranges with __ame_lock_range (last argument 1 for writes); constant globals and null arguments need none.
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=ame-instrument -pass-remarks-missed=ame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@lit = private unnamed_addr constant [6 x i8] c"hello\00"

; CHECK-DAG: [[PUTS:@.*]] = private unnamed_addr constant [5 x i8] c"puts\00"
; CHECK-DAG: [[PUTSSITE:@[^ ]*]] = private constant { ptr, ptr, i32, i32, ptr, i32 } { ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 0, i32 0, ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[PUTS]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 -2147483647 }
; CHECK-DAG: [[CLOCK:@.*]] = private unnamed_addr constant [14 x i8] c"clock_gettime\00"
; CHECK-DAG: [[CLOCKSITE:@[^ ]*]] = private constant { ptr, ptr, i32, i32, ptr, i32 } { ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), ptr inttoptr (i64 sub (i64 ptrtoint (ptr @{{.*}} to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 0, i32 0, ptr inttoptr (i64 sub (i64 ptrtoint (ptr [[CLOCK]] to i64), i64 ptrtoint (ptr @{{[^ ]*}} to i64)) to ptr), i32 -2147483647 }

; CHECK-LABEL: define void @output(
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr [[PUTSSITE]])
; CHECK-NEXT: call void @__ame_lock_string(ptr %tx, ptr %s, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i32 @puts(ptr %s)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: [[BYTES:%.*]] = mul i64 4, %n
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %buf, i64 [[BYTES]], i32 0, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i64 @fwrite(ptr %buf, i64 4, i64 %n, ptr %f)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %buf, i64 %n, i32 0, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i64 @write(i32 1, ptr %buf, i64 %n)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call i32 @putchar(i32 65)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call i32 @fputs(ptr @lit, ptr %f)
; CHECK-NEXT: ret void
; REMARK: remark: <unknown>:0:0: call to puts is known I/O: the transaction becomes inevitable here and others keep running (what it reads or writes through its arguments is locked first)
; REMARK: call to fwrite is known I/O
; REMARK: call to write is known I/O
; REMARK: call to putchar is known I/O
; REMARK: call to fputs is known I/O
define void @output(ptr %tx, ptr %s, ptr %buf, i64 %n, ptr %f) "ame-tx-clone" {
  call i32 @puts(ptr %s)
  call i64 @fwrite(ptr %buf, i64 4, i64 %n, ptr %f)
  call i64 @write(i32 1, ptr %buf, i64 %n)
  call i32 @putchar(i32 65)
  call i32 @fputs(ptr @lit, ptr %f)
  ret void
}

; CHECK-LABEL: define void @input_and_clocks(
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: [[BYTES:%.*]] = mul i64 %size, %n
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %buf, i64 [[BYTES]], i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i64 @fread(ptr %buf, i64 %size, i64 %n, ptr %f)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %buf, i64 %n, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i64 @read(i32 0, ptr %buf, i64 %n)
; CHECK-NEXT: call void @__ame_irrevocable_v2(ptr %tx, ptr [[CLOCKSITE]])
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %ts, i64 16, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i32 @clock_gettime(i32 0, ptr %ts)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %ts, i64 16, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i32 @gettimeofday(ptr %ts, ptr null)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %ts, i64 16, i32 0, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %rem, i64 16, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i32 @nanosleep(ptr %ts, ptr %rem)
; CHECK-NEXT: ret void
define void @input_and_clocks(ptr %tx, ptr %buf, i64 %size, i64 %n, ptr %f, ptr %ts, ptr %rem) "ame-tx-clone" {
  call i64 @fread(ptr %buf, i64 %size, i64 %n, ptr %f)
  call i64 @read(i32 0, ptr %buf, i64 %n)
  call i32 @clock_gettime(i32 0, ptr %ts)
  call i32 @gettimeofday(ptr %ts, ptr null)
  call i32 @nanosleep(ptr %ts, ptr %rem)
  ret void
}

; Broken-down time and the 48-bit generators: the time read, the struct tm
; (56 bytes) written or normalized in place, the caller's generator state (6
; bytes) read and written; the generators of the C library's own state lock
; nothing.
; CHECK-LABEL: define void @times_and_generators(
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %t, i64 8, i32 0, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %tm, i64 56, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call ptr @gmtime_r(ptr %t, ptr %tm)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %tm, i64 56, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i64 @mktime(ptr %tm)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %xsubi, i64 6, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i64 @nrand48(ptr %xsubi)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call double @drand48()
; CHECK-NEXT: ret void
; REMARK: call to drand48 is known I/O: the transaction becomes inevitable here and others keep running
define void @times_and_generators(ptr %tx, ptr %t, ptr %tm, ptr %xsubi) "ame-tx-clone" {
  call ptr @gmtime_r(ptr %t, ptr %tm)
  call i64 @mktime(ptr %tm)
  call i64 @nrand48(ptr %xsubi)
  call double @drand48()
  ret void
}

; strptime: the text and the format read, the struct tm written; mbstowcs:
; the string read, n wide characters written.
; CHECK-LABEL: define ptr @parse_texts(
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call void @__ame_lock_string(ptr %tx, ptr %s, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %tm, i64 56, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: %p = call ptr @strptime(ptr %s, ptr @ymd, ptr %tm)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: [[BYTES:%.*]] = mul i64 %n, 4
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %w, i64 [[BYTES]], i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_lock_string(ptr %tx, ptr %s, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i64 @mbstowcs(ptr %w, ptr %s, i64 %n)
define ptr @parse_texts(ptr %tx, ptr %s, ptr %tm, ptr %w, i64 %n) "ame-tx-clone" {
  %p = call ptr @strptime(ptr %s, ptr @ymd, ptr %tm)
  %c = call i64 @mbstowcs(ptr %w, ptr %s, i64 %n)
  ret ptr %p
}

; strftime: the buffer of the size it gives written, the format and the
; struct tm read; a format with %Z (the zone's name, a string the struct
; points to) makes it serial.
@ymd = private unnamed_addr constant [9 x i8] c"%Y-%m-%d\00"
@zone = private unnamed_addr constant [7 x i8] c"%H %EZ\00"
; CHECK-LABEL: define i64 @time_text(
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %buf, i64 %n, i32 1, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call void @__ame_lock_range(ptr %tx, ptr %tm, i64 56, i32 0, ptr @.ame.site{{[.0-9]*}})
; CHECK-NEXT: call i64 @strftime(ptr %buf, i64 %n, ptr @ymd, ptr %tm)
; CHECK-NEXT: call void @__ame_irrevocable_v2(
; CHECK-NEXT: call i64 @strftime(ptr %buf, i64 %n, ptr @zone, ptr %tm)
; REMARK: call to strftime cannot be bounded (its format prints the time zone's name (%Z), a string the struct tm points to): the transaction runs alone from here (serial mode)
define i64 @time_text(ptr %tx, ptr %buf, i64 %n, ptr %tm) "ame-tx-clone" {
  %a = call i64 @strftime(ptr %buf, i64 %n, ptr @ymd, ptr %tm)
  %b = call i64 @strftime(ptr %buf, i64 %n, ptr @zone, ptr %tm)
  %s = add i64 %a, %b
  ret i64 %s
}

declare i32 @puts(ptr)
declare i64 @fwrite(ptr, i64, i64, ptr)
declare i64 @write(i32, ptr, i64)
declare i32 @putchar(i32)
declare i32 @fputs(ptr, ptr)
declare i64 @fread(ptr, i64, i64, ptr)
declare i64 @read(i32, ptr, i64)
declare i32 @clock_gettime(i32, ptr)
declare i32 @gettimeofday(ptr, ptr)
declare i32 @nanosleep(ptr, ptr)
declare ptr @gmtime_r(ptr, ptr)
declare i64 @mktime(ptr)
declare i64 @strftime(ptr, i64, ptr, ptr)
declare ptr @strptime(ptr, ptr, ptr)
declare i64 @mbstowcs(ptr, ptr, i64)
declare i64 @nrand48(ptr)
declare double @drand48()
