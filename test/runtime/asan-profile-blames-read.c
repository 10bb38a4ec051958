// Under ASan+UBSan: the profiler records an abort, interns its sites and writes the file at exit without a memory error (profile-blames-read.c, sanitized).
// REQUIRES: asan
// RUN: %clang %rt_asan_cflags %S/profile-blames-read.c -o %t %rt_asan_lib
// RUN: env AME_PROFILE=%t.prof %t 2>&1 | FileCheck %S/profile-blames-read.c --check-prefix=OUT --implicit-check-not=ERROR
// RUN: FileCheck %S/profile-blames-read.c --input-file=%t.prof
