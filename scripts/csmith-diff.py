#!/usr/bin/env python3
# ===- csmith-diff.py - differential test of the AME pass with csmith -------===#
#
# For each seed, csmith generates a random C program; its call to func_1() in
# main (the whole computation) is wrapped in one `ame_atomic` block, and the
# program is built with ame-cc and, unchanged, with plain clang at each
# optimization level. Both must print the same checksum of the globals. A
# program that does not build, crashes or times out with plain clang says
# nothing about AME and is skipped; one that does so only with ame-cc is a
# failure.
#
#   scripts/csmith-diff.py --ame-cc build/bin/ame-cc              # seeds 1-2000
#   scripts/csmith-diff.py --ame-cc build/bin/ame-cc --seeds 5000-5999 -j 8
#   scripts/csmith-diff.py --ame-cc build/bin/ame-cc --seeds 17 --opt O2 \
#       --keep --work /tmp/csmith-17         # keep the sources and binaries
#   scripts/csmith-diff.py --ame-cc build/bin/ame-cc --disturb  # and aborts
#
# Exit status: 0 when no seed failed, 1 otherwise. test/csmith runs it on a
# fixed seed range.
# ===----------------------------------------------------------------------===#
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# Options passed to csmith, part of what a seed means: changing them changes
# every program. csmith's defaults (volatiles, bit-fields, packed structs,
# unions, pointers, jumps, up to 10 functions) build in well under a second
# and most run in milliseconds.
CSMITH_OPTIONS = []

# The one statement of csmith's main that runs the generated code; what
# follows it only checksums the globals and prints the result.
CALL = re.compile(r'^    func_1\(\);$', re.M)

# --disturb: a second thread rewrites the globals with their own values, one
# transaction per global, byte by byte, while the block runs. Serially that
# changes nothing, so the checksum must not change; but the block now aborts
# and runs again (and, after AME_RETRY_LIMIT aborts, runs inevitably while
# the other thread keeps going), which one thread alone never does.
GLOBALS = re.compile(r'^/\* --- GLOBAL VARIABLES --- \*/$(.*?)'
                     r'^/\* --- FORWARD DECLARATIONS --- \*/$', re.M | re.S)
# The name of a global that is not const itself (csmith declares one per
# line); a const anywhere before the name is enough to leave it alone.
WRITABLE = re.compile(r'^static (?!.*\bconst\b.*\bg_)[^=]*?\b(g_\d+)\b',
                      re.M)
DISTURBER = '''
static struct {
  volatile unsigned char *p;
  unsigned long n;
} csmith_diff_globals[] = {%s};
static atomic_int csmith_diff_started, csmith_diff_stop;
static pthread_t csmith_diff_thread;

static void *csmith_diff_disturb(void *arg) {
  unsigned long k = 0;
  (void)arg;
  while (!atomic_load(&csmith_diff_stop)) {
    ame_atomic {
      for (unsigned long i = 0; i < csmith_diff_globals[k].n; i++)
        csmith_diff_globals[k].p[i] = csmith_diff_globals[k].p[i];
    }
    atomic_store(&csmith_diff_started, 1);
    k = (k + 1) %% (sizeof csmith_diff_globals / sizeof *csmith_diff_globals);
  }
  return 0;
}

'''
DISTURBED_CALL = ('    pthread_create(&csmith_diff_thread, 0, csmith_diff_disturb, '
                  '0);\n    while (!atomic_load(&csmith_diff_started))\n'
                  '        ;\n    ame_atomic { func_1(); }\n'
                  '    atomic_store(&csmith_diff_stop, 1);\n'
                  '    pthread_join(csmith_diff_thread, 0);')


def instrumented_source(text, disturb):
    """The program with func_1() in an atomic block, or None if csmith's
    program does not have the expected shape."""
    if len(CALL.findall(text)) != 1:
        return None
    globs = GLOBALS.search(text)
    names = WRITABLE.findall(globs.group(1)) if globs else []
    if not disturb or not names:
        return '#include <ame.h>\n' + CALL.sub(
            '    ame_atomic { func_1(); }', text)
    table = ', '.join('{(volatile unsigned char *)&%s, sizeof %s}' % (n, n)
                      for n in names)
    text = text[:globs.end(1)] + DISTURBER % table + text[globs.end(1):]
    return ('#include <ame.h>\n#include <pthread.h>\n#include <stdatomic.h>\n'
            + CALL.sub(DISTURBED_CALL, text))


def parse_seeds(text):
    seeds = []
    for part in text.split(','):
        lo, _, hi = part.partition('-')
        seeds.extend(range(int(lo), int(hi or lo) + 1))
    return seeds


def run(cmd, timeout, env=None, cwd=None):
    """(returncode or 'timeout', stdout, stderr, seconds)."""
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, env=env, cwd=cwd)
        code = p.returncode
        out, err = p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        code = 'timeout'
        out, err = e.stdout or b'', e.stderr or b''
    return (code, out.decode(errors='replace'), err.decode(errors='replace'),
            time.monotonic() - start)


def outcome(code):
    if code == 'timeout':
        return 'timed out'
    if code < 0:
        return 'killed by signal %d' % -code
    return 'exit status %d' % code


def first_lines(text, n=8):
    lines = text.strip().splitlines()
    more = ['... (%d more lines)' % (len(lines) - n)] if len(lines) > n else []
    return '\n'.join('    ' + l for l in lines[:n] + more)


def checksum(out):
    m = re.search(r'checksum = (\w+)', out)
    return m.group(1) if m else repr(out.strip()[-60:])


def mode(stats_json):
    """How the blocks ran, from the AME_STATS=json record."""
    try:
        stats = json.loads(stats_json.strip().splitlines()[-1])
        aborts = sum(stats['aborts'].values())
        kind = 'inevitable' if stats['inevitable_commits'] else 'transactional'
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return 'unknown mode'
    return kind + (', after aborts' if aborts else '')


def check_seed(seed, args, work):
    """A list of (opt, kind, message[, (ame seconds, plain seconds)]); kind
    is 'same', 'skip' or 'fail'."""
    d = os.path.join(work, str(seed))
    os.makedirs(d, exist_ok=True)
    plain_src = os.path.join(d, 'plain.c')
    ame_src = os.path.join(d, 'ame.c')
    # csmith also writes platform.info into its working folder.
    code, _, err, _ = run([args.csmith, '--seed', str(seed)] + CSMITH_OPTIONS +
                          ['-o', plain_src], 60, cwd=d)
    if code != 0:
        return [('-', 'fail', 'csmith %s:\n%s' % (outcome(code),
                                                   first_lines(err)))]
    with open(plain_src) as f:
        text = f.read()
    ame_text = instrumented_source(text, args.disturb)
    if ame_text is None:
        return [('-', 'fail', 'main does not call func_1() exactly once: '
                 'csmith changed the shape of its programs')]
    with open(ame_src, 'w') as f:
        f.write(ame_text)

    cflags = ['-w', '-I' + args.csmith_include]
    results = []
    for opt in args.opt:
        plain_bin = os.path.join(d, 'plain.' + opt)
        ame_bin = os.path.join(d, 'ame.' + opt)
        code, _, err, _ = run([args.clang, '-' + opt] + cflags +
                              [plain_src, '-o', plain_bin], 300)
        if code != 0:
            results.append((opt, 'skip', 'plain build ' + outcome(code)))
            continue
        pcode, pout, _, ptime = run([plain_bin], args.timeout)
        if pcode != 0:
            results.append((opt, 'skip', 'plain run ' + outcome(pcode)))
            continue
        code, _, err, _ = run([args.ame_cc, '-' + opt] + cflags +
                              [ame_src, '-o', ame_bin], 300)
        if code != 0:
            results.append((opt, 'fail', 'ame-cc build %s, plain clang '
                            'builds it:\n%s' % (outcome(code),
                                                first_lines(err))))
            continue
        # Instrumented code is slower, and a loaded machine slows both builds
        # unevenly: only a hang should time out.
        limit = max(args.ame_timeout, args.slowdown * ptime)
        env = dict(os.environ, AME_STATS='json')
        acode, aout, aerr, atime = run([ame_bin], limit, env)
        if acode != 0:
            results.append((opt, 'fail', 'ame-cc build %s (limit %.1fs), '
                            'plain build prints checksum %s:\n%s' % (
                                outcome(acode), limit, checksum(pout),
                                first_lines(aerr))))
        elif aout != pout:
            results.append((opt, 'fail', 'checksums differ: plain clang %s, '
                            'ame-cc %s' % (checksum(pout), checksum(aout))))
        else:
            results.append((opt, 'same', mode(aerr), (atime, ptime)))
    if not args.keep and not any(r[1] == 'fail' for r in results):
        shutil.rmtree(d, ignore_errors=True)
    return results


def main():
    ap = argparse.ArgumentParser(
        description='ame-cc against plain clang on csmith programs whose '
        'computation runs in one atomic block')
    ap.add_argument('--ame-cc', required=True, help='path of ame-cc')
    ap.add_argument('--clang', default='clang-19', help='plain clang')
    ap.add_argument('--csmith', default='csmith')
    ap.add_argument('--csmith-include', default='/usr/include/csmith',
                    help='folder of csmith.h')
    ap.add_argument('--seeds', default='1-2000',
                    help='seeds, e.g. 1-2000 or 3,17,40-50 (default 1-2000)')
    ap.add_argument('--opt', default='O0,O1,O2,O3',
                    help='optimization levels (default O0,O1,O2,O3)')
    ap.add_argument('-j', '--jobs', type=int, default=os.cpu_count() or 1)
    ap.add_argument('--timeout', type=float, default=5,
                    help='seconds a plain build may run before the seed is '
                    'skipped (default 5)')
    ap.add_argument('--ame-timeout', type=float, default=60,
                    help='seconds the ame-cc build may run (default 60), or '
                    '--slowdown times the plain run time if longer')
    ap.add_argument('--slowdown', type=float, default=50,
                    help='see --ame-timeout (default 50)')
    ap.add_argument('--disturb', action='store_true',
                    help='a second thread rewrites the globals with their '
                    'own values while the block runs, so that it aborts and '
                    'runs again')
    ap.add_argument('--min-compared', type=float, default=0.5,
                    help='fail when a smaller fraction of the runs got to '
                    'compare checksums (default 0.5): the others were '
                    'skipped, so the setup is probably broken')
    ap.add_argument('--work', help='working folder (default: a temporary '
                    'one); failing seeds keep their files there')
    ap.add_argument('--keep', action='store_true',
                    help='keep the files of every seed, not only failing ones')
    args = ap.parse_args()
    args.opt = [o.strip().lstrip('-') for o in args.opt.split(',')]
    seeds = parse_seeds(args.seeds)
    for tool in (args.csmith, args.clang, args.ame_cc):
        if not shutil.which(tool):
            sys.exit('csmith-diff: %s not found' % tool)

    if args.work:
        work = os.path.abspath(args.work)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
    else:
        work = tempfile.mkdtemp(prefix='csmith-diff.')

    start = time.monotonic()
    counts = {}
    failures = []
    slowest = (0, 0, 0, '')
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(check_seed, s, args, work): s for s in seeds}
        for fut in concurrent.futures.as_completed(futures):
            seed = futures[fut]
            for opt, kind, msg, *times in fut.result():
                if times:
                    slowest = max(slowest, times[0] + (seed, opt))
                key = kind if kind == 'fail' else '%s (%s)' % (kind, msg)
                counts[key] = counts.get(key, 0) + 1
                if kind == 'fail':
                    failures.append((seed, opt, msg))
                    print('FAIL seed %d -%s: %s' % (seed, opt, msg),
                          flush=True)

    runs = sum(counts.values())
    print('csmith-diff: %d seeds (%s) x %s, csmith %s' % (
        len(seeds), args.seeds, ','.join('-' + o for o in args.opt),
        ' '.join(CSMITH_OPTIONS) or 'defaults'))
    for key in sorted(counts):
        print('  %5d %s' % (counts[key], key))
    if slowest[0]:
        print('  longest ame-cc run: %.2f s (plain %.2f s), seed %d -%s' %
              slowest)
    print('  %.0f s with %d jobs' % (time.monotonic() - start, args.jobs))
    if failures:
        print('csmith-diff: %d of %d runs FAILED, seeds: %s' % (
            len(failures), runs,
            ' '.join(sorted({str(s) for s, _, _ in failures}, key=int))))
        print('  sources (plain.c, ame.c) and binaries are in %s/<seed>' %
              work)
        return 1
    compared = sum(n for key, n in counts.items() if key.startswith('same'))
    if compared < args.min_compared * runs:
        print('csmith-diff: only %d of %d runs compared checksums, the others '
              'were skipped (see above): nothing was tested' % (compared,
                                                                runs))
        return 1
    if args.keep:
        print('  sources and binaries are in %s/<seed>' % work)
    elif not args.work:
        shutil.rmtree(work, ignore_errors=True)
    print('csmith-diff: no differences')
    return 0


if __name__ == '__main__':
    sys.exit(main())
