# lit configuration of every AME suite: test/pass, test/runtime, test/stress,
# test/e2e, test/csmith, test/report. Paths come from build/test/lit.site.cfg.py (configured by CMake).
#   python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv build/test
import os
import subprocess
import sys
import tempfile

import lit.formats

config.name = 'AME'
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = ['.c', '.ll', '.test']
config.excludes = ['Inputs', 'README.md', 'CMakeLists.txt', 'lit.cfg.py',
                   'lit.site.cfg.py.in']
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ame_obj_root, 'test')

tools = config.llvm_tools_dir
src = config.ame_src_root
obj = config.ame_obj_root
clang = config.ame_clang or os.path.join(tools, 'clang')

# LLVM's FileCheck, not, count come first on PATH.
config.environment['PATH'] = os.pathsep.join(
    [tools, config.environment.get('PATH', os.environ.get('PATH', ''))])
for var in ['HOME', 'TMPDIR', 'LANG', 'LC_ALL']:
    if var in os.environ:
        config.environment[var] = os.environ[var]
# Tests set their own AME_* runtime flags; none leak in from the caller.
for var in list(config.environment):
    if var.startswith('AME_'):
        del config.environment[var]

rt_cflags = '-I%s/include -I%s/runtime -pthread -g -O2' % (src, src)
rt_asan_flags = '-fsanitize=address,undefined -fno-sanitize-recover=all'

# Longest names first: lit applies substitutions in order.
config.substitutions.append(('%rt_asan_cflags', rt_cflags + ' ' + rt_asan_flags))
config.substitutions.append(('%rt_asan_lib',
                             '%s/lib/libame_asan.a -lpthread' % obj))
config.substitutions.append(('%rt_cflags', rt_cflags))
config.substitutions.append(('%rt_lib', '%s/lib/libame.a -lpthread' % obj))
config.substitutions.append(('%llvm_stress', os.path.join(tools, 'llvm-stress')))
config.substitutions.append(('%FileCheck', os.path.join(tools, 'FileCheck')))
config.substitutions.append(('%ame_report',
                             os.path.join(obj, 'bin', 'ame-report')))
config.substitutions.append(('%ame_cc', os.path.join(obj, 'bin', 'ame-cc')))
config.substitutions.append(('%plugin', os.path.join(obj, 'lib', 'AMEPass.so')))
config.substitutions.append(('%clang', clang))
config.substitutions.append(('%opt', os.path.join(tools, 'opt')))
config.substitutions.append(('%python', sys.executable))


def can_link_asan():
    """`asan`: clang can link -fsanitize=address (libclang-rt-19-dev)."""
    with tempfile.TemporaryDirectory() as d:
        c = os.path.join(d, 'a.c')
        with open(c, 'w') as f:
            f.write('int main(void) { return 0; }\n')
        try:
            return subprocess.run(
                [clang, '-fsanitize=address', c, '-o', os.path.join(d, 'a')],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                timeout=60).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            return False


if can_link_asan():
    config.available_features.add('asan')


def cpu_has(flag):
    """Whether this machine's CPUs list flag in /proc/cpuinfo."""
    try:
        with open('/proc/cpuinfo') as f:
            return any(line.startswith('flags') and flag in line.split()
                       for line in f)
    except OSError:
        return False


# `avx2`: programs built with -mavx2 run here.
if cpu_has('avx2'):
    config.available_features.add('avx2')
