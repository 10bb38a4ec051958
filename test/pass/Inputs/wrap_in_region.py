#!/usr/bin/env python3
"""Puts the body of every function of an llvm-stress module inside an AME
atomic region, in the shape clang gives `ame_atomic { ... }`: a token alloca
annotated "ame.atomic" at the start, and __ame_atomic_end(token) before every
return.

  llvm-stress-19 -seed=7 | python3 wrap_in_region.py | opt-19 -load-pass-plugin=AMEPass.so -passes=ame
"""
import re
import sys

out = []
for line in sys.stdin.read().splitlines():
    if re.match(r'^define .*\{$', line):
        out.append(line)
        out.append('ame.start:')
        out.append('  %ame.tok = alloca i32, align 4')
        out.append('  call void @llvm.var.annotation.p0.p0(ptr %ame.tok, '
                   'ptr @.ame.tag, ptr @.ame.file, i32 1, ptr null)')
        out.append('  br label %BB')
        continue
    if re.match(r'^\s+ret\b', line):
        out.append('  call void @__ame_atomic_end(ptr %ame.tok)')
    out.append(line)

out.append('@.ame.tag = private unnamed_addr constant [11 x i8] '
           'c"ame.atomic\\00", section "llvm.metadata"')
out.append('@.ame.file = private unnamed_addr constant [10 x i8] '
           'c"stress.c\\00\\00", section "llvm.metadata"')
out.append('declare void @llvm.var.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)')
out.append('declare void @__ame_atomic_end(ptr)')
print('\n'.join(out))
