// Under ASan+UBSan: two threads incrementing shared counters lose no update, and aborts jump back cleanly (two-thread-counter.c, sanitized).
// REQUIRES: asan
// RUN: %clang %rt_asan_cflags %S/two-thread-counter.c -o %t %rt_asan_lib && %t 2>&1 | FileCheck %S/two-thread-counter.c --implicit-check-not=ERROR
