// Under ASan+UBSan, where libame's longjmp replaces ASan's interceptor: leaving a block by longjmp, and a jump inside one, run clean with the same results (longjmp-out-of-block.c, longjmp-inside-block.c, sanitized).
// REQUIRES: asan
// RUN: %clang %rt_asan_cflags %S/longjmp-out-of-block.c -o %t %rt_asan_lib
// RUN: %t 2 plain 2>&1 | FileCheck %S/longjmp-out-of-block.c --implicit-check-not=ERROR
// RUN: %t 4 serial 2>&1 | FileCheck %S/longjmp-out-of-block.c --implicit-check-not=ERROR
// RUN: %t 4 sig 2>&1 | FileCheck %S/longjmp-out-of-block.c --implicit-check-not=ERROR
// RUN: %clang %rt_asan_cflags %S/longjmp-inside-block.c -o %t.inside %rt_asan_lib
// RUN: %t.inside 4 2>&1 | FileCheck %S/longjmp-inside-block.c --implicit-check-not=ERROR
