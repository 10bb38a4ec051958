// Under ASan (whose use-after-return mode moves locals to fake frames): the attempt's own locals are still written in place, never written back after their frames died; the caller's frame is logged (own-stack-in-place.c, sanitized).
// REQUIRES: asan
// RUN: %clang %rt_asan_cflags %S/own-stack-in-place.c -o %t %rt_asan_lib && %t 2>&1 | FileCheck %S/own-stack-in-place.c --implicit-check-not=ERROR
