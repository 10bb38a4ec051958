#!/usr/bin/env python3
"""bench/run.py - Build every benchmark four ways, run them side by side, and
write docs/performance.md.

    bench/run.sh                      # full run, 8-15 minutes on 2 cores
    bench/run.sh --quick              # one short run of everything (debugging)
    bench/run.sh --only bank,hash --variants ame,mutex --out /tmp/perf.md
    bench/run.sh --only transfer,coldwrite,demo --quick --out /tmp/perf.md

Variants (one C source each, selected by -DBENCH_*, see bench/common.h):
  ame        clang-19 -O2 with the AME pass plugin and libame
  itm-ml_wt  gcc -O2 -fgnu-tm, libitm with ITM_DEFAULT_METHOD=ml_wt
  itm-gl_wt  the same binary with ITM_DEFAULT_METHOD=gl_wt
  mutex      clang-19 -O2, one global pthread mutex
  none       clang-19 -O2, no synchronization (one thread only, except the
             transfer-only bank, whose 2-thread run races on purpose)
  none-gcc   gcc -O2, no synchronization (baseline for libitm's loop cost)
  ame-profile  the ame binary again, with AME_PROFILE set (the conflict
             profiler on; bank and transfer only): the profiler's cost
  ame-before, ame-count, ame-before-count  bench/shapes.c only (issue 12):
             AME with the issue 12 analyses off, and both builds counting
             their barriers (-ame-count-barriers; counted, never timed)

Runs of different variants are interleaved, so a burst of load on the machine
spreads over all of them; each figure is the median over the runs. Nothing
here judges timings: targets (of issues 3 and 7) are printed next to the
figures, never checked by a test.
"""
import argparse
import datetime
import json
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
SOURCES = ["micro", "bank", "intset", "long", "mlp", "coldwrite", "parloop",
           "shapes"]
# Names --only accepts, in the order the report shows them.
BENCHMARKS = ["micro", "bank", "transfer", "list", "hash", "long", "mlp",
              "coldwrite", "demo", "refcount", "parloop", "shapes"]
# The variants compared side by side (micro runs every one of them).
COLUMNS = ["ame", "itm-ml_wt", "itm-gl_wt", "mutex", "none", "none-gcc"]
# Issue 12 (bench/shapes.c): the analyses that leave barriers out, each
# switched off by its pass option ("before"), and builds that count the
# barriers they run (-ame-count-barriers: a call per barrier, so never timed).
ISSUE12_OFF = ["-mllvm", "-ame-skip-own-allocation-ranges=false",
               "-mllvm", "-ame-small-blocks-on-stack=false",
               "-mllvm", "-ame-read-for-write-across-blocks=false",
               "-mllvm", "-ame-line-reads=false",
               "-mllvm", "-ame-line-writes=false",
               "-mllvm", "-ame-cold-barrier-calls=false",
               "-mllvm", "-ame-skip-unwritten-globals=false",
               "-mllvm", "-ame-object-reads=false"]
COUNT = ["-mllvm", "-ame-count-barriers"]
SHAPES_AME_BUILDS = {"ame-before": ISSUE12_OFF,
                     "ame-count": COUNT,
                     "ame-before-count": ISSUE12_OFF + COUNT}
SHAPES_KINDS = ["labyrinth", "genome", "yada"]
# Blocks per thread of the counting runs (fixed work; deterministic at 1
# thread).
SHAPES_COUNT_BLOCKS = {"labyrinth": 5000, "genome": 50000, "yada": 5000}
# Issue 12's target: AME on 1 thread within this factor of the
# uninstrumented program.
SHAPES_TARGET = 1.5
# Plus the AME binaries rerun with the conflict profiler on, for its cost
# (bank and transfer only), and the extra AME builds of shapes.
ALL_COLUMNS = COLUMNS + ["ame-profile"] + list(SHAPES_AME_BUILDS)
# column -> (binary variant, extra environment); "{build_dir}" in a value
# stands for --build-dir.
COLUMN_BINARY = {
    "ame": ("ame", {}),
    "itm-ml_wt": ("gnutm", {"ITM_DEFAULT_METHOD": "ml_wt"}),
    "itm-gl_wt": ("gnutm", {"ITM_DEFAULT_METHOD": "gl_wt"}),
    "mutex": ("mutex", {}),
    "none": ("none", {}),
    "none-gcc": ("none-gcc", {}),
    # Overwritten by each run and deleted after it (run_job).
    "ame-profile": ("ame", {"AME_PROFILE": "{build_dir}/profile.ameprof"}),
    "ame-before": ("ame-before", {}),
    "ame-count": ("ame-count", {}),
    "ame-before-count": ("ame-before-count", {}),
}
COLUMN_TITLE = {
    "ame": "AME",
    "itm-ml_wt": "libitm ml_wt",
    "itm-gl_wt": "libitm gl_wt",
    "mutex": "mutex",
    "none": "uninstr.",
    "none-gcc": "uninstr. (gcc)",
    "ame-profile": "AME with AME_PROFILE",
    "ame-before": "AME, issue 12 analyses off",
    "ame-count": "AME counting barriers",
    "ame-before-count": "AME counting barriers, issue 12 analyses off",
}
MICRO_SIZES = [1, 100, 10_000, 1_000_000, 10_000_000]
# op -> issue 3's target in net ns per access (None: reported only)
MICRO_OPS = [("read", 1.5), ("write", 2.5), ("read_lines", None),
             ("write_lines", None)]
# issue 7: the fixed cost of a transaction (micro, n = 1, raw AME figure)
FIXED_COST_GOAL = 15
FLAT_SIZES = [100, 10_000, 1_000_000, 10_000_000]
# Keys of the long benchmark: rw and ro read consecutive words, rw-lines one
# word per cache line.
LONG_KEYS = ["rw", "ro", "rw-lines"]
# The quickstart demo (examples/bank.c) is an AME program, built with the AME
# compiler of the run and run with this many threads.
DEMO_THREADS = 2
# The reference-count example (examples/pyobjects.c, issue 8): CPython-shaped
# objects built with their AME_REFCOUNT/AME_IMMUTABLE annotations and with
# them compiled out, each run on 1 then this many threads.
REFCOUNT_THREADS = 2
# Examples built with the run's AME compiler: binary name (its first word is
# the --only name), source in examples/, extra flags.
EXAMPLE_BUILDS = [("demo", "bank.c", []),
                  ("refcount", "pyobjects.c", []),
                  ("refcount-plain", "pyobjects.c", ["-DPLAIN_FIELDS"])]
# The loops of bench/parloop.c (examples/wordfreq.c, tree.c, components.c),
# issue 10, and the size argument of each.
PARLOOP_KINDS = {"wordfreq": "--mb=16", "tree": "--keys=300000",
                 "components": "--vertices=4000000"}
# Issue 10's targets: speedup of AME's word count on 2 workers over the
# sequential uninstrumented loop.
PARLOOP_TARGETS = {"unordered": 1.6, "ordered": 1.3}
# Binaries that print "speedup with N threads: X.XXx" (parse_speedup).
SPEEDUP_SOURCES = {"demo", "refcount", "refcount-plain"}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ame-build", default=os.path.join(ROOT, "build"),
                   help="build dir holding lib/AMEPass.so, lib/libame.a and "
                        "maybe bin/ame-cc (default: build)")
    p.add_argument("--ame-cc", choices=["auto", "driver", "plugin"],
                   default="auto",
                   help="compile the AME variant with bin/ame-cc (driver), "
                        "with clang-19 -fpass-plugin (plugin), or the driver "
                        "when it exists (auto)")
    p.add_argument("--ame-flags", default="",
                   help="extra flags for the AME compile, for experiments "
                        "(e.g. \"-fno-vectorize -fno-slp-vectorize\")")
    p.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"))
    p.add_argument("--out", default=os.path.join(ROOT, "docs",
                                                 "performance.md"))
    p.add_argument("--runs", type=int, default=0,
                   help="runs per configuration (default: 5, 3 for micro)")
    p.add_argument("--quick", action="store_true",
                   help="one short run of each configuration")
    p.add_argument("--only", default=",".join(BENCHMARKS),
                   help="comma-separated benchmarks among "
                        + ",".join(BENCHMARKS))
    p.add_argument("--lines-reads", type=float, default=0,
                   help="reads of the long transaction in the long benchmark's"
                        " rw-lines configuration, one per 64-byte line "
                        "(default 1e7, i.e. 640 MB; 1e6 with --quick)")
    p.add_argument("--coldwrite-lines", default="",
                   help="comma-separated line counts for coldwrite, each in a "
                        "fresh process (default 1e5,1e6,1e7, i.e. up to "
                        "640 MB; 1e5,1e6 with --quick)")
    p.add_argument("--variants", default=",".join(ALL_COLUMNS))
    p.add_argument("--preliminary", action="store_true",
                   help="mark the figures as preliminary (busy machine)")
    p.add_argument("--no-build", action="store_true",
                   help="reuse the binaries already in --build-dir")
    p.add_argument("--report-only", metavar="JSON",
                   help="rewrite the report from the raw results a previous "
                        "run saved (<build-dir>/results.json), without "
                        "building or running anything")
    args = p.parse_args()
    unknown = set(args.only.split(",")) - set(BENCHMARKS)
    if unknown:
        p.error("--only: unknown benchmark(s) " + ",".join(sorted(unknown))
                + "; choose among " + ",".join(BENCHMARKS))
    return args


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def first_line(cmd):
    try:
        r = sh(cmd)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


# ---------------------------------------------------------------- building


def ame_compiler(args):
    """The command prefix and link suffix for the AME variant, or an error."""
    b = os.path.abspath(args.ame_build)
    driver = os.path.join(b, "bin", "ame-cc")
    plugin = os.path.join(b, "lib", "AMEPass.so")
    lib = os.path.join(b, "lib", "libame.a")
    if args.ame_cc in ("auto", "driver") and os.access(driver, os.X_OK):
        return [driver, "-O2"], ["-lpthread"], None
    if args.ame_cc == "driver":
        return None, None, f"{driver} not found"
    missing = [f for f in (plugin, lib) if not os.path.exists(f)]
    if missing:
        return None, None, "not built: " + ", ".join(missing)
    return (["clang-19", "-O2", f"-fpass-plugin={plugin}"], [lib, "-lpthread"],
            None)


def build(args, variants):
    """Compiles bench/<source>.c for each variant; returns
    {variant: (ok, command-or-error)} and {(source, variant): binary}."""
    os.makedirs(args.build_dir, exist_ok=True)
    inc = ["-I" + BENCH, "-I" + os.path.join(ROOT, "include")]
    common = os.path.join(BENCH, "common.c")
    ame_pre, ame_post, ame_err = ame_compiler(args)
    recipes = {
        "none": (["clang-19", "-O2", "-DBENCH_NONE"], ["-lpthread"]),
        "none-gcc": (["gcc", "-O2", "-DBENCH_NONE"], ["-lpthread"]),
        "mutex": (["clang-19", "-O2", "-DBENCH_MUTEX"], ["-lpthread"]),
        "gnutm": (["gcc", "-O2", "-fgnu-tm", "-DBENCH_GNUTM"],
                  ["-lpthread", "-litm"]),
    }
    if ame_pre:
        recipes["ame"] = (ame_pre + shlex.split(args.ame_flags)
                          + ["-DBENCH_AME"], ame_post)
    status, binaries = {}, {}
    for v in variants:
        if v in SHAPES_AME_BUILDS:
            continue
        if v == "ame" and not ame_pre:
            status[v] = (False, ame_err)
            continue
        pre, post = recipes[v]
        shown, failures = None, []
        for src in SOURCES:
            out = os.path.join(args.build_dir, f"{src}-{v}")
            cmd = pre + inc + [os.path.join(BENCH, src + ".c"), common,
                               "-o", out] + post
            shown = shown or " ".join(shlex.quote(c.replace(ROOT + "/", ""))
                                      for c in cmd)
            if args.no_build and os.access(out, os.X_OK):
                binaries[(src, v)] = out
                continue
            print("build:", " ".join(cmd), flush=True)
            r = sh(cmd)
            if r.returncode != 0:
                err = (r.stderr or r.stdout).strip()
                print(err, file=sys.stderr)
                failures.append(f"compiling {src}.c failed (the other "
                                "sources still ran):\n"
                                + "\n".join(err.splitlines()[:30])
                                + "\ncommand: " + " ".join(cmd))
                continue
            binaries[(src, v)] = out
        status[v] = (True, shown) if not failures else \
            (False, "\n".join(failures))
    only = args.only.split(",")
    if "shapes" in only and ame_pre:
        for v, flags in SHAPES_AME_BUILDS.items():
            if v in variants:
                build_shapes_variant(args, ame_pre, ame_post, inc, common, v,
                                     flags, binaries, status)
    if "ame" in variants and ame_pre:
        # Built here with the run's own AME compiler rather than taken from
        # <ame-build>/examples, which may be older than the runtime measured.
        for name, src, flags in EXAMPLE_BUILDS:
            if name.split("-")[0] in only:
                build_example(args, ame_pre, ame_post, name, src, flags,
                              binaries, status)
    if "none" in variants and "demo" in only:
        build_demo_racy(args, binaries, status)
    return status, binaries


def build_one(args, cmd, out, what, binary_key, status_key, binaries,
              status):
    """Compiles one binary with cmd (unless --no-build finds it); records
    it as binaries[binary_key] and its command, or the error, as
    status[status_key]."""
    shown = " ".join(shlex.quote(c.replace(ROOT + "/", "")) for c in cmd)
    if not (args.no_build and os.access(out, os.X_OK)):
        print("build:", " ".join(cmd), flush=True)
        r = sh(cmd)
        if r.returncode != 0:
            err = (r.stderr or r.stdout).strip()
            print(err, file=sys.stderr)
            status[status_key] = (False, f"compiling {what} failed:\n"
                                  + "\n".join(err.splitlines()[:30])
                                  + "\ncommand: " + " ".join(cmd))
            return
    binaries[binary_key] = out
    status[status_key] = (True, shown)


def build_demo_racy(args, binaries, status):
    """examples/bank.c with plain clang: ame_atomic compiles to nothing, so
    the transfers race (and lose updates); its speedup shows what the
    hardware allows this program (column "none"). libame.a still provides
    ame_stats_thread, which then reports nothing."""
    out = os.path.join(args.build_dir, "demo-none")
    lib = os.path.join(os.path.abspath(args.ame_build), "lib", "libame.a")
    cmd = ["clang-19", "-O2", "-I" + os.path.join(ROOT, "include"),
           os.path.join(ROOT, "examples", "bank.c"), "-o", out, lib,
           "-lpthread"]
    build_one(args, cmd, out, "examples/bank.c uninstrumented",
              ("demo", "none"), "demo-none", binaries, status)


def build_shapes_variant(args, ame_pre, ame_post, inc, common, v, flags,
                         binaries, status):
    """bench/shapes.c with the AME compiler and extra pass options, as
    variant v (issue 12: analyses off, barrier counting)."""
    out = os.path.join(args.build_dir, f"shapes-{v}")
    cmd = (ame_pre + shlex.split(args.ame_flags) + flags + ["-DBENCH_AME"]
           + inc + [os.path.join(BENCH, "shapes.c"), common, "-o", out]
           + ame_post)
    build_one(args, cmd, out, "shapes.c", ("shapes", v), v, binaries, status)


def build_example(args, ame_pre, ame_post, name, src, flags, binaries,
                  status):
    """An AME program of examples/ as binary `name` (column "ame")."""
    out = os.path.join(args.build_dir, f"{name}-ame")
    cmd = (ame_pre + shlex.split(args.ame_flags) + flags
           + [os.path.join(ROOT, "examples", src), "-o", out] + ame_post)
    build_one(args, cmd, out, f"examples/{src}", (name, "ame"), name,
              binaries, status)


# ----------------------------------------------------------------- running


class Job:
    """One configuration: a benchmark binary, its arguments, one column."""

    def __init__(self, bench, key, column, source, argv, runs, timeout):
        self.bench, self.key, self.column = bench, key, column
        self.source, self.argv, self.runs = source, argv, runs
        self.timeout = timeout
        self.results = []   # one list of parsed lines per successful run
        self.errors = []    # text of each failed run
        self.info = []      # bench=info lines (runtime statistics)


def make_jobs(args, columns):
    quick = args.quick
    sec = "0.3" if quick else "1"
    def runs(default):
        return 1 if quick else (args.runs or default)
    jobs = []
    only = set(args.only.split(","))
    def add(bench, key, source, argv, cols, nruns, timeout=60):
        for c in cols:
            if c in columns:
                jobs.append(Job(bench, key, c, source, argv, nruns, timeout))
    mt = ["ame", "itm-ml_wt", "itm-gl_wt", "mutex"]
    # The demo first in each round and the cold writes (up to 1.6 GB) last:
    # the demo takes a fraction of a second and its speedup is the figure
    # most sensitive to anything else the machine does.
    if "demo" in only:
        add("demo", "", "demo", [str(DEMO_THREADS)], ["ame", "none"],
            3 if quick else (args.runs or 5), 120)
    if "refcount" in only:
        for key in ("refcount", "refcount-plain"):
            add("refcount", key, key, [str(REFCOUNT_THREADS)], ["ame"],
                3 if quick else (args.runs or 5), 120)
    if "parloop" in only:
        # Issue 10: each loop on 1 and 2 workers, ordered and unordered, next
        # to the sequential loop and to pthreads with libitm or the mutex.
        for kind in PARLOOP_KINDS:
            size = [PARLOOP_KINDS[kind]]
            add("parloop", f"{kind}/1/seq", "parloop",
                [f"--kind={kind}", "--workers=1"] + size, ["none"], runs(5))
            for w in (1, 2):
                argv = [f"--kind={kind}", f"--workers={w}"] + size
                add("parloop", f"{kind}/{w}/unordered", "parloop", argv,
                    mt, runs(5))
                add("parloop", f"{kind}/{w}/ordered", "parloop",
                    argv + ["--ordered=1"], ["ame"], runs(5))
    if "shapes" in only:
        # Issue 12: short runs, AME with and without its analyses next to
        # the other variants, and one counting run of each AME build for the
        # barriers per block. Nine of each (about a minute and a half in
        # all): a kind's time per block moves by up to 30% from one run to
        # the next on this machine, in every variant, so five made the
        # ratio to the uninstrumented program move by as much as its margin.
        ssec = "0.1" if quick else "0.5"
        for kind in SHAPES_KINDS:
            for t in (1, 2):
                argv = [f"--kind={kind}", f"--threads={t}"]
                add("shapes", f"{kind}/{t}", "shapes",
                    argv + [f"--seconds={ssec}"],
                    ["ame-before"] + mt + (["none"] if t == 1 else []),
                    runs(9))
                add("shapes", f"{kind}/{t}", "shapes",
                    argv + [f"--blocks={SHAPES_COUNT_BLOCKS[kind]}"],
                    ["ame-count", "ame-before-count"], 1)
    if "micro" in only:
        margv = ["--reps=3" if quick else "--reps=5",
                 "--batch-accesses=" + ("2e6" if quick else "1e7")]
        add("micro", "", "micro", margv, COLUMNS, runs(3), 300)
        # The fixed cost once a second thread has used AME (line locks are
        # compare-and-swaps from then on).
        add("micro", "after-thread", "micro",
            margv + ["--sizes=1", "--ops=read,write", "--after-thread=1"],
            ["ame"], runs(3), 300)

    def profiled(cols):
        # The bank and the transfer-only bank also run the AME binary with
        # the conflict profiler on, right after the unprofiled AME run.
        return [p for c in cols
                for p in ([c, "ame-profile"] if c == "ame" else [c])]
    for t in (1, 2):
        cols = mt + (["none"] if t == 1 else [])
        if "bank" in only:
            add("bank", t, "bank",
                [f"--threads={t}", f"--seconds={sec}", "--accounts=1000000",
                 "--audit-pct=1"], profiled(cols), runs(5))
        if "transfer" in only:
            # Without audits two threads rarely touch the same account, so
            # the uninstrumented loop may race at 2 threads: it shows what
            # the hardware allows (--racy=1 accepts lost updates).
            targv = [f"--threads={t}", f"--seconds={sec}",
                     "--accounts=1000000", "--audit-pct=0"]
            add("transfer", t, "bank", targv, profiled(mt), runs(5))
            add("transfer", t, "bank", targv + (["--racy=1"] if t == 2
                                                else []), ["none"], runs(5))
            if t == 1:
                # One thread running the multithreaded protocol (line locks
                # by compare-and-swap), the one 2 threads run.
                add("transfer", "1-after-thread", "bank",
                    targv + ["--after-thread=1"], ["ame"], runs(5))
        if "list" in only:
            add("list", t, "intset",
                ["--kind=list", "--keys=256", "--update-pct=20",
                 f"--threads={t}", f"--seconds={sec}"], cols, runs(5))
        if "hash" in only:
            add("hash", t, "intset",
                ["--kind=hash", "--keys=4096", "--update-pct=20",
                 f"--threads={t}", f"--seconds={sec}"], cols, runs(5))
    if "mlp" in only:
        # Default size in the full run: a 1 GB array, far beyond any cache and
        # the reach of the TLB, so that every read misses.
        add("mlp", "", "mlp",
            ["--mb=256", "--txs=500000"] if quick else [],
            mt + ["none"], runs(5), 120)
    if "long" in only:
        lines_reads = int(args.lines_reads or (1e6 if quick else 1e7))
        for key in LONG_KEYS:
            mode, _, layout = key.partition("-")
            add("long", key, "long",
                [f"--mode={mode}",
                 f"--reads={lines_reads}" if layout else "--reads=8000000",
                 "--writes=10000", "--long-txs=5"]
                + ([f"--layout={layout}"] if layout else [])
                + ["--solo-seconds=" + ("0.2" if quick else "0.5"),
                   "--together-seconds=" + ("0.2" if quick else "0.5")],
                mt + ["none"], runs(5), 300 if layout else 120)
    if "coldwrite" in only:
        sizes = args.coldwrite_lines or ("1e5,1e6" if quick else
                                         "1e5,1e6,1e7")
        for n in sizes.split(","):
            n = int(float(n))
            add("coldwrite", n, "coldwrite", [f"--lines={n}"],
                mt + ["none"], runs(5), 120)
    return jobs


def parse_line(line):
    d = {}
    for tok in line.split():
        if "=" in tok:
            k, v = tok.split("=", 1)
            try:
                d[k] = float(v) if re.fullmatch(r"-?[0-9.eE+-]+|nan|inf",
                                                v) else v
            except ValueError:
                d[k] = v
    return d


def run_job(job, binaries, build_dir):
    variant, extra_env = COLUMN_BINARY[job.column]
    exe = binaries.get((job.source, variant))
    # A configuration that timed out once, or failed twice, is not retried.
    if not exe or any(e.startswith("timeout") for e in job.errors) or \
            len(job.errors) >= 2:
        return
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("ITM_") and not k.startswith("AME_")}
    env.update({k: v.format(build_dir=os.path.abspath(build_dir))
                for k, v in extra_env.items()})
    cmd = [exe] + job.argv
    shown = " ".join(f"{k}={v}" for k, v in extra_env.items()).format(
        build_dir=os.path.relpath(build_dir, ROOT))
    shown = (shown + " " if shown else "") + " ".join(
        [os.path.relpath(exe, ROOT)] + job.argv)
    # A conflict profile: one file overwritten by every run (so a stale one
    # never passes for this run's) and deleted after it (it may be large).
    profile = env.get("AME_PROFILE")
    if profile:
        remove_file(profile)
    t0 = time.time()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, env=env,
                           timeout=job.timeout)
    except subprocess.TimeoutExpired:
        job.errors.append(f"timeout after {job.timeout} s: {shown}")
        print(f"  TIMEOUT {shown}", flush=True)
        return
    finally:
        facts = None
        if profile:
            facts = read_profile(profile)
            remove_file(profile)
    dt = time.time() - t0
    # The racy demo reports the money it lost and exits 1: expected of it.
    racy_demo = (job.source, variant) == ("demo", "none") and \
        r.returncode == 1 and "lost or created money" in r.stdout
    if r.returncode != 0 and not racy_demo:
        how = (f"signal {-r.returncode}" if r.returncode < 0
               else f"exit status {r.returncode}")
        tail = "\n".join((r.stderr or r.stdout).strip().splitlines()[-15:])
        job.errors.append(f"{how}: {shown}\n{tail}")
        print(f"  FAILED ({how}) {shown}\n{tail}", flush=True)
        return
    if job.source in SPEEDUP_SOURCES:
        d = parse_speedup(r.stdout, job.bench)
        if d is None:
            tail = "\n".join(r.stdout.strip().splitlines()[-15:])
            job.errors.append(f"no speedup line in the output: {shown}\n{tail}")
            print(f"  FAILED (no speedup line) {shown}", flush=True)
            return
        lines = [d]
    else:
        lines = [parse_line(l) for l in r.stdout.splitlines()
                 if l.startswith("bench=")]
    if facts is not None:
        lines.append(facts)
    job.results.append([l for l in lines if l.get("bench") != "info"])
    job.info += [l for l in lines if l.get("bench") == "info"]
    print(f"  {dt:5.1f}s {shown}", flush=True)


def remove_file(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def read_profile(path):
    """What a run's conflict profile (docs/profile.md) holds, as one result
    line: its size and, from its last line, the `end` record, the abort,
    inevitable and wait records it counts; profile_check BAD when the file is
    missing or truncated (its last line not a complete `end` record)."""
    d = {"bench": "profile", "profile_check": "BAD"}
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 4096))
            tail = f.read().decode("utf-8", "replace")
    except OSError:
        return d
    d["profile_bytes"] = float(size)
    last = tail.split("\n")[-2] if tail.endswith("\n") else ""
    end = last.split("\t")
    if len(end) == 7 and end[0] == "end" and all(x.isdigit()
                                                for x in end[1:]):
        d.update(profile_check="ok", profile_commits=float(end[3]),
                 profile_aborts=float(end[4]),
                 profile_inevitable=float(end[5]),
                 profile_waits=float(end[6]))
    return d


def parse_speedup(out, bench):
    """examples/bank.c and pyobjects.c print a line per thread count and a
    speedup line; the figures become one result line like the benchmarks'
    key=value lines."""
    m = re.search(r"speedup with (\d+) threads: ([0-9.]+)x", out)
    if not m:
        return None
    d = {"bench": bench, "threads": float(m.group(1)),
         "speedup": float(m.group(2))}
    for t, secs in re.findall(r"^\s*(\d+) threads?\s+([0-9.]+) s", out, re.M):
        d.setdefault(f"seconds_{t}", float(secs))
    m = re.search(r"^\s*\d+ threads\s+[0-9.]+ s\s+(\d+) commits\s+(\d+) "
                  r"aborts", out, re.M)
    if m:
        d["aborts_per_commit"] = int(m.group(2)) / max(1, int(m.group(1)))
    return d


def run_value(lines, metric, match=None):
    """`metric` in the first of one run's lines that has it and matches
    `match`, or None."""
    for l in lines:
        if match and any(l.get(k) != v for k, v in match.items()):
            continue
        if isinstance(l.get(metric), float):
            return l[metric]
    return None


def median_of(job, metric, match=None):
    """Median over the runs of `metric` in the line matching `match`."""
    vals = [v for v in (run_value(lines, metric, match)
                        for lines in job.results) if v is not None]
    return statistics.median(vals) if vals else None


# ------------------------------------------------------------ formatting


def fmt_num(x, digits=3):
    if x is None:
        return "–"
    if x == 0:
        return "0"
    a = abs(x)
    if a >= 1e9:
        return f"{x / 1e9:.{digits}g}G"
    if a >= 1e6:
        return f"{x / 1e6:.{digits}g}M"
    if a >= 1e4:
        return f"{x / 1e3:.{digits}g}k"
    if a >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}g}"


def fmt_ns(x):
    return "–" if x is None else f"{x:.2f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def table(header, rows, left=1):
    """A Markdown table; the first `left` columns (labels) align left, the
    figures right."""
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" if i < left else "--:"
                          for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def median_info(job, key):
    """Median over the runs of `key` in the runtime's bench=info lines."""
    vals = [i[key] for i in (job.info if job else [])
            if isinstance(i.get(key), float)]
    return fmt_num(statistics.median(vals)) if vals else "–"


def cell(job, metric, match=None, fmt=fmt_num):
    if job is None:
        return "–"
    if not job.results:
        return "failed" if job.errors else "–"
    return fmt(median_of(job, metric, match))


class Report:
    def __init__(self, jobs, columns):
        self.jobs = {(j.bench, j.key, j.column): j for j in jobs}
        self.columns = columns
        self.targets = []   # (issue, target, figure, verdict)

    def get(self, bench, key, column):
        return self.jobs.get((bench, key, column))

    def val(self, bench, key, column, metric, match=None):
        j = self.get(bench, key, column)
        return median_of(j, metric, match) if j else None

    def cols(self, wanted):
        return [c for c in wanted if c in self.columns]

    def micro(self):
        def micro_issue(op):
            # Issue 7 restates issue 3's write targets (missed by issue 3).
            return "3, 7" if op == "write" else "3"

        cols = self.cols(COLUMNS)
        if not any(self.get("micro", "", c) for c in cols):
            return ""
        head = (["op", "n"] + [COLUMN_TITLE[c] for c in cols]
                + ["AME net", "libitm ml_wt net", "AME / ml_wt", "AME / mutex",
                   "AME / uninstr.", "target (AME net)"])
        rows, flat = [], {}
        for op, goal in MICRO_OPS:
            for n in MICRO_SIZES:
                m = {"op": op, "n": float(n)}
                v = {c: self.val("micro", "", c, "ns_per_access", m)
                     for c in cols}
                net = (v["ame"] - v["none"]
                       if v.get("ame") is not None and v.get("none") is not None
                       else None)
                inet = (v["itm-ml_wt"] - v["none-gcc"]
                        if v.get("itm-ml_wt") is not None
                        and v.get("none-gcc") is not None else None)
                if n in FLAT_SIZES and net is not None:
                    flat.setdefault(op, []).append(net)
                target = "–"
                if n in FLAT_SIZES and goal:
                    target = f"≤ {goal}"
                    if net is not None:
                        target += " met" if net <= goal else " **missed**"
                rows.append([op, f"10^{len(str(n)) - 1}" if n > 1 else "1"]
                            + [cell(self.get("micro", "", c), "ns_per_access",
                                    m, fmt_ns) for c in cols]
                            + [fmt_ns(net), fmt_ns(inet),
                               ratio(v.get("ame"), v.get("itm-ml_wt")),
                               ratio(v.get("ame"), v.get("mutex")),
                               ratio(v.get("ame"), v.get("none")), target])
                if n in FLAT_SIZES and net is not None and goal:
                    self.targets.append(
                        (micro_issue(op), f"micro {op}, n = 10^{len(str(n)) - 1}: "
                         f"≤ {goal} ns per access (net)", f"{net:.2f} ns",
                         "met" if net <= goal else "missed"))
                if n == 1 and op in ("read", "write") and v.get("ame"):
                    self.targets.append(
                        ("7", f"micro {op}, n = 1: fixed cost of a transaction "
                         f"≤ {FIXED_COST_GOAL} ns", f"{v['ame']:.2f} ns",
                         "met" if v["ame"] <= FIXED_COST_GOAL else "missed"))
        text = ["## Micro: cost of one read and one write", "",
                "Nanoseconds per access (median; lower is better) in one "
                "transaction of n accesses to distinct 8-byte words, one "
                "thread. *Net* subtracts the uninstrumented loop built by the "
                "same compiler (clang for AME, gcc for libitm). Ratios divide "
                "the raw AME figure by the other one: below 1× AME is faster. "
                "n = 1 shows the fixed cost of a transaction, which adds "
                "1/100 of itself to each access at n = 10^2. read and write "
                "touch consecutive words (8 per 64-byte line); read_lines and "
                "write_lines touch one word per line, the worst case for "
                "per-line logs (their uninstrumented figures grow with n "
                "because the data leave the caches).", "",
                table(head, rows), ""]
        for op, goal in MICRO_OPS:
            vals = flat.get(op)
            if vals and len(vals) == len(FLAT_SIZES) and min(vals) > 0:
                spread = max(vals) / min(vals) - 1
                verdict = "met" if spread <= 0.30 else "missed"
                text.append(f"- AME {op}: net cost from 10^2 to 10^7 accesses "
                            f"varies by {100 * spread:.0f}%"
                            + (f" (target: within 30%: {verdict})." if goal
                               else "."))
                if goal:
                    self.targets.append((micro_issue(op), f"micro {op}: flat within 30% from "
                                         "10^2 to 10^7",
                                         f"{100 * spread:.0f}%", verdict))
        after = {op: self.val("micro", "after-thread", "ame", "ns_per_access",
                              {"op": op, "n": 1.0})
                 for op in ("read", "write")}
        if all(after.values()):
            text.append(
                f"- Once a second thread has used AME (`--after-thread=1`: the "
                f"measuring thread and a second one each ran a block first), "
                f"n = 1 costs {after['read']:.2f} ns (read) and "
                f"{after['write']:.2f} ns (write). While only one thread has "
                f"used AME, a transaction takes a line with a plain store "
                f"instead of a locked compare-and-swap (docs/design.md, "
                f"\"Short transactions\"), which the figures above include.")
            for op in ("read", "write"):
                self.targets.append(
                    ("7", f"micro {op}, n = 1, after a second thread used "
                     f"AME: fixed cost ≤ {FIXED_COST_GOAL} ns",
                     f"{after[op]:.2f} ns",
                     "met" if after[op] <= FIXED_COST_GOAL else "missed"))
        text.append("")
        return "\n".join(text)

    def throughput(self, bench, title, metric, unit, intro, target_2t,
                   issues="3"):
        cols = self.cols(["ame", "itm-ml_wt", "itm-gl_wt", "mutex", "none"])
        if not any(self.get(bench, t, c) for t in (1, 2) for c in cols):
            return ""
        head = (["threads"] + [COLUMN_TITLE[c] for c in cols]
                + ["AME / ml_wt", "AME / mutex", "AME / uninstr.",
                   "AME aborts/commit", "ml_wt aborts/commit"])
        if target_2t:
            head.append("target")
        rows = []
        for t in (1, 2):
            v = {c: self.val(bench, t, c, metric) for c in cols}
            row = ([str(t)] + [cell(self.get(bench, t, c), metric)
                               for c in cols]
                   + [ratio(v.get("ame"), v.get("itm-ml_wt")),
                      ratio(v.get("ame"), v.get("mutex")),
                      ratio(v.get("ame"), v.get("none") if t == 1 else None),
                      cell(self.get(bench, t, "ame"), "aborts_per_commit"),
                      cell(self.get(bench, t, "itm-ml_wt"),
                           "aborts_per_commit")])
            if target_2t:
                goal = "–"
                if t == 2:
                    goal = "≥ mutex"
                    if v.get("ame") is not None and v.get("mutex"):
                        ok = v["ame"] >= v["mutex"]
                        goal += " met" if ok else " **missed**"
                        self.targets.append(
                            (issues, f"{title}, 2 threads: AME ≥ global mutex",
                             f"{v['ame'] / v['mutex']:.2f}× mutex",
                             "met" if ok else "missed"))
                row.append(goal)
            rows.append(row)
        return "\n".join([f"## {title}", "", intro + f" Median {unit} "
                          "(higher is better); ratios divide AME's figure by "
                          "the other one: above 1× AME is faster.", "",
                          table(head, rows), ""])

    def long(self):
        cols = self.cols(["ame", "itm-ml_wt", "itm-gl_wt", "mutex", "none"])
        if not any(self.get("long", k, c) for k in LONG_KEYS for c in cols):
            return ""
        head = ["configuration", "variant", "long tx alone (ms)",
                "long tx with writer (ms)", "with / alone",
                "long aborts per commit", "short tx alone (per s)",
                "short tx with long (per s)", "short relative to alone",
                "targets"]
        rows = []
        pct = lambda x: "–" if x is None else f"{100 * x:.0f}%"
        for key in LONG_KEYS:
            for c in cols:
                j = self.get("long", key, c)
                if j is None:
                    continue
                solo = median_of(j, "long_ms_solo")
                both = median_of(j, "long_ms")
                slow = both / solo if both is not None and solo else None
                goal = "–"
                if c == "ame" and j.results:
                    ab = median_of(j, "long_aborts_per_commit")
                    rel = median_of(j, "short_relative")
                    goals = []
                    if key in ("rw", "ro"):
                        ok_ab = ab == 0
                        ok_rel = rel is not None and rel >= 0.8
                        goals.append("3: 0 aborts "
                                     + ("met" if ok_ab else "**missed**")
                                     + ", ≥ 80% "
                                     + ("met" if ok_rel else "**missed**"))
                        self.targets.append(
                            ("3", f"long ({key}): long transaction never "
                             "aborts", f"{ab:g} aborts/commit",
                             "met" if ok_ab else "missed"))
                        self.targets.append(
                            ("3", f"long ({key}): short writer keeps ≥ 80% of "
                             "solo throughput", pct(rel),
                             "met" if ok_rel else "missed"))
                    ok_slow = slow is not None and slow <= 1.15
                    ok_rel = rel is not None and rel >= 0.9
                    goals.append("7: ≤ 1.15× " + ("met" if ok_slow else
                                                  "**missed**")
                                 + ", ≥ 90% " + ("met" if ok_rel else
                                                 "**missed**"))
                    self.targets.append(
                        ("7", f"long ({key}): long transaction with the "
                         "writer ≤ 1.15× its latency alone",
                         ratio(both, solo), "met" if ok_slow else "missed"))
                    self.targets.append(
                        ("7", f"long ({key}): short writer keeps ≥ 90% of "
                         "solo throughput", pct(rel),
                         "met" if ok_rel else "missed"))
                    goal = "; ".join(goals)
                rows.append([
                    key, COLUMN_TITLE[c],
                    cell(j, "long_ms_solo"), cell(j, "long_ms"),
                    ratio(both, solo),
                    cell(j, "long_aborts_per_commit"),
                    cell(j, "short_per_s_solo"), cell(j, "short_per_s"),
                    cell(j, "short_relative", fmt=pct), goal])
        ratios = []
        for key in LONG_KEYS:
            a = self.val("long", key, "ame", "long_ms")
            if a is None:
                continue
            parts = [f"{COLUMN_TITLE[c]} {ratio(a, self.val('long', key, c, 'long_ms'))}"
                     for c in ("itm-ml_wt", "mutex", "none") if c in cols]
            ratios.append(f"- {key}: AME's long-transaction latency (with the "
                          "writer running) divided by " + ", ".join(parts)
                          + " (below 1× AME is faster).")
        lines_reads = None
        j = next((self.get("long", "rw-lines", c) for c in cols
                  if self.get("long", "rw-lines", c)), None)
        if j is not None:
            lines_reads = median_of(j, "reads")
        spread = ("" if lines_reads is None else
                  f" Configuration rw-lines is rw with {fmt_num(lines_reads)} "
                  "reads that each touch a cache line of their own (one word "
                  f"every 64 bytes: {lines_reads * 64 / 1e6:.0f} MB), the "
                  "worst case for per-line read state.")
        return "\n".join([
            "## Long transaction next to short ones on disjoint data", "",
            "Thread L runs transactions of 8M reads of distinct words "
            "(64 MB) and, in configuration rw, 10k writes to another array; "
            "ro only reads." + spread + " Thread S commits short "
            "transactions (2 reads, 2 writes) on a third array that L never "
            "touches. *Alone* runs each thread by itself; *with* runs both "
            "until L has committed at least 5 transactions and 0.5 s have "
            "passed. The data are disjoint, so the uninstrumented variant "
            "runs this phase race-free too: its *with / alone* and *relative* "
            "figures are what the machine itself allows (shared memory "
            "bandwidth and cores). Targets: issue 3 asks that L never abort "
            "and S keep ≥ 80% of its solo rate (rw and ro); issue 7 that L "
            "take ≤ 1.15× its solo latency and S keep ≥ 90%.", "",
            table(head, rows, left=2), ""] + ratios + [""])

    def transfer(self):
        cols = self.cols(["ame", "itm-ml_wt", "itm-gl_wt", "mutex", "none"])
        if not any(self.get("transfer", t, c) for t in (1, 2) for c in cols):
            return ""
        metric = "transfers_per_s"
        head = (["threads"] + [COLUMN_TITLE[c] for c in cols]
                + ["AME / ml_wt", "AME / mutex", "AME / uninstr.",
                   "AME aborts/commit", "ml_wt aborts/commit", "target (issue 7)"])
        v = {(t, c): self.val("transfer", t, c, metric)
             for t in (1, 2) for c in cols}
        rows = []
        for t in (1, 2):
            a = v.get((t, "ame"))
            if t == 1:
                other, goal_ratio = v.get((1, "mutex")), 0.5
                goal = "AME ≥ 0.5× mutex"
            else:
                other, goal_ratio = v.get((1, "ame")), 1.6
                goal = "AME ≥ 1.6× AME at 1 thread"
            if a is not None and other:
                ok = a >= goal_ratio * other
                goal += " met" if ok else " **missed**"
                self.targets.append(
                    ("7", "Transfer-only bank: " + (
                        "AME at 1 thread ≥ 0.5× mutex at 1 thread" if t == 1
                        else "AME at 2 threads ≥ 1.6× AME at 1 thread"),
                     f"{a / other:.2f}×" + (" mutex" if t == 1 else ""),
                     "met" if ok else "missed"))
            row = ([str(t)]
                   + [cell(self.get("transfer", t, c), metric)
                      + (" (racy)" if c == "none" and t == 2
                         and self.get("transfer", t, c) else "")
                      for c in cols]
                   + [ratio(a, v.get((t, "itm-ml_wt"))),
                      ratio(a, v.get((t, "mutex"))),
                      ratio(a, v.get((t, "none"))),
                      cell(self.get("transfer", t, "ame"), "aborts_per_commit"),
                      cell(self.get("transfer", t, "itm-ml_wt"),
                           "aborts_per_commit"), goal])
            rows.append(row)
        scaling = [f"{COLUMN_TITLE[c]}{' (racy)' if c == 'none' else ''} "
                   f"{ratio(v.get((2, c)), v.get((1, c)))}" for c in cols]
        notes = ["- Scaling from 1 to 2 threads (2-thread figure divided by "
                 "the 1-thread one): " + ", ".join(scaling) + "."]
        after = self.val("transfer", "1-after-thread", "ame", metric)
        if after and v.get((2, "ame")):
            notes.append(
                f"- While only one thread has used AME, a transaction takes a "
                f"line with a plain store instead of a compare-and-swap "
                f"(docs/design.md, \"Short transactions\"): the 1-thread row "
                f"has that. One thread after a second one has used AME "
                f"(`--after-thread=1`), so with the locks 2 threads take: "
                f"{fmt_num(after)} transfers/s; AME at 2 threads is "
                f"{ratio(v[(2, 'ame')], after)} that (the target above is "
                f"judged against the 1-thread row).")
        racy = self.get("transfer", 2, "none")
        if racy is not None and racy.results:
            drift = [l.get("total_drift") for r in racy.results for l in r
                     if isinstance(l.get("total_drift"), float)]
            lost = [d for d in drift if d]
            notes.append(
                f"- The racy uninstrumented runs ended with the wrong total "
                f"in {len(lost)} of {len(drift)} runs (lost updates"
                + (f", up to {max(abs(d) for d in lost):g} units off"
                   if lost else "") + "): its figure is an upper bound, not "
                "a correct program.")
        return "\n".join([
            "## Transfer-only bank", "",
            "The bank with `--audit-pct=0`: 1M accounts, every operation a "
            "transfer between two random accounts (2 reads, 2 writes), so two "
            "threads rarely touch the same account. At 2 threads the "
            "uninstrumented variant runs without any synchronization (a "
            "racy program that may lose updates): it shows what the "
            "hardware allows. Median transfers per second (higher is "
            "better); ratios divide AME's figure by the other one at the "
            "same thread count: above 1× AME is faster.", "",
            table(head, rows), ""] + notes + [""])

    def profile_cost(self):
        rows = []
        for bench, title in (("bank", "bank (1% audits)"),
                             ("transfer", "transfer-only")):
            for t in (1, 2):
                plain = self.get(bench, t, "ame")
                prof = self.get(bench, t, "ame-profile")
                if prof is None:
                    continue
                a = median_of(plain, "transfers_per_s") if plain else None
                p = median_of(prof, "transfers_per_s")
                # Each profiled run follows the unprofiled one of its round:
                # the spread of their ratios shows how noisy the median is
                # (paired only when no run of either failed).
                spread = "–"
                if plain and not plain.errors and not prof.errors and \
                        len(plain.results) == len(prof.results) > 1:
                    rs = [x / y for x, y in
                          zip(*([run_value(r, "transfers_per_s")
                                 for r in j.results] for j in (prof, plain)))
                          if x is not None and y]
                    if rs:
                        spread = f"{min(rs):.2f}× – {max(rs):.2f}×"
                rows.append([title, str(t), cell(plain, "transfers_per_s"),
                             cell(prof, "transfers_per_s"), ratio(p, a),
                             spread,
                             median_info(plain, "aborts"),
                             cell(prof, "profile_aborts"),
                             cell(prof, "profile_bytes",
                                  fmt=lambda x: "–" if x is None
                                  else f"{x / 1e3:.1f}")])
        if not rows:
            return ""
        return "\n".join([
            "## Cost of the conflict profiler", "",
            "The AME binaries of the bank and of the transfer-only bank run "
            "a second time with `AME_PROFILE` naming a file in the build "
            "directory (overwritten by each run, deleted after it; see "
            "`docs/profile.md`), right after the unprofiled run of the same "
            "configuration. With profiling off the runtime pays one "
            "predictable branch per transaction, which the AME figures "
            "include; with it on, every transactional read goes through the "
            "barrier's out-of-line path (which knows its site), each attempt "
            "reads the clock twice, and each abort appends one record to a "
            "per-thread buffer, written to the file at exit. Median "
            "transfers per second (higher is better); *profiled / "
            "unprofiled* below 1× is the profiler's cost (the ratio of the "
            "medians; *per run* gives the range of the ratios of each "
            "profiled run to the unprofiled run just before it). Aborts are "
            "per run "
            "(median): the runtime's total without the profiler, and the "
            "`abort` records the profile held (its `end` record).", "",
            table(["configuration", "threads", "AME",
                   "AME with AME_PROFILE", "profiled / unprofiled",
                   "per run",
                   "aborts per run (unprofiled)",
                   "aborts recorded per run (profiled)",
                   "profile size (kB)"], rows, left=2), ""])

    def mlp(self):
        cols = self.cols(["ame", "itm-ml_wt", "itm-gl_wt", "mutex", "none"])
        if not any(self.get("mlp", "", c) for c in cols):
            return ""
        # The ratios are medians of each run's own ratio: a run's three
        # phases share its machine state, so the ratio is steadier than a
        # quotient of medians taken over different runs.
        base = self.val("mlp", "", "none", "ratio_2")
        rows = []
        for c in cols:
            j = self.get("mlp", "", c)
            if j is None:
                continue
            goal = "–"
            if c == "ame":
                goal = "≤ uninstr. × 1.1"
                a = median_of(j, "ratio_2")
                if a is not None and base is not None:
                    ok = a <= base * 1.1
                    goal += (f" = {base * 1.1:.2f} "
                             + ("met" if ok else "**missed**"))
                    self.targets.append(
                        ("7", "two independent cache-missing reads in a "
                         "transaction overlap as in plain code: AME's "
                         "t(2)/t(1) ≤ the uninstrumented one's × 1.1",
                         f"{a:.2f} (uninstr. {base:.2f})",
                         "met" if ok else "missed"))
            rows.append([COLUMN_TITLE[c]]
                        + [cell(j, f"ns_tx_{k}", fmt=fmt_ns) for k in (1, 2, 4)]
                        + [cell(j, f"ratio_{k}", fmt=fmt_ns) for k in (2, 4)]
                        + [goal])
        mb = next((median_of(self.get("mlp", "", c), "mb") for c in cols
                   if self.get("mlp", "", c)), None)
        size = "" if mb is None else f" of {mb:.0f} MB"
        return "\n".join([
            "## Memory-level parallelism", "",
            f"One thread; each transaction reads k = 1, 2 or 4 words at "
            f"random places of an array{size}, far larger than the caches, "
            "and writes nothing. The addresses do not depend on each other, "
            "so the processor may overlap the misses and t(2)/t(1) stay well "
            "below 2; a barrier that serialized the reads would bring it "
            "close to k. The uninstrumented loop has nothing between its "
            "transactions either, so the misses of consecutive transactions "
            "may overlap too and its k = 1 figure may lie below one memory "
            "latency. Nanoseconds per transaction (median; lower is better) "
            "and the ratios t(k)/t(1) (median of each run's ratio). The "
            "target (issue 7) compares AME's t(2)/t(1) with the "
            "uninstrumented one's.", "",
            table(["variant", "k = 1 (ns)", "k = 2 (ns)", "k = 4 (ns)",
                   "t(2)/t(1)", "t(4)/t(1)", "target (issue 7)"], rows), ""])

    def coldwrite(self):
        cols = self.cols(["ame", "itm-ml_wt", "itm-gl_wt", "mutex", "none"])
        sizes = sorted({k for (b, k, c) in self.jobs if b == "coldwrite"})
        if not sizes:
            return ""
        def exp(n):
            e = len(str(n)) - 1
            return f"10^{e}" if n == 10 ** e else fmt_num(n)
        mb = lambda x: "–" if x is None else f"{x / 1e6:.1f}"
        head_t = (["lines", "data (MB)"] + [COLUMN_TITLE[c] for c in cols]
                  + ["AME / ml_wt", "AME / mutex", "AME / uninstr.",
                     "target (issue 7)"])
        head_m = (["lines", "written (MB)"]
                  + [COLUMN_TITLE[c] + " (MB)" for c in cols]
                  + ["AME / written", "ml_wt / written", "target (issue 7)"])
        rows_t, rows_m = [], []
        for n in sizes:
            v = {c: self.val("coldwrite", n, c, "ns_per_line") for c in cols}
            m = {c: self.val("coldwrite", n, c, "log_bytes") for c in cols}
            a = v.get("ame")
            goal_t = "AME ≤ 50 ns"
            if a is not None:
                ok = a <= 50
                goal_t += " met" if ok else " **missed**"
                self.targets.append(
                    ("7", f"Cold write of {exp(n)} lines: ≤ 50 ns per line",
                     f"{a:.1f} ns", "met" if ok else "missed"))
            written = 64 * n
            r = {c: (m[c] / written if m.get(c) is not None else None)
                 for c in cols}
            goal_m = "AME ≤ 0.5"
            if r.get("ame") is not None:
                ok = r["ame"] <= 0.5
                goal_m += " met" if ok else " **missed**"
                self.targets.append(
                    ("7", f"Cold write of {exp(n)} lines: log memory ≤ half "
                     "the bytes of the lines written",
                     f"{r['ame']:.2f}× written", "met" if ok else "missed"))
            rows_t.append([exp(n), mb(written)]
                          + [cell(self.get("coldwrite", n, c), "ns_per_line",
                                  fmt=fmt_ns) for c in cols]
                          + [ratio(a, v.get("itm-ml_wt")),
                             ratio(a, v.get("mutex")), ratio(a, v.get("none")),
                             goal_t])
            rows_m.append([exp(n), mb(written)]
                          + [cell(self.get("coldwrite", n, c), "log_bytes",
                                  fmt=mb) for c in cols]
                          + [ratio(r.get("ame"), 1), ratio(r.get("itm-ml_wt"), 1),
                             goal_m])
        return "\n".join([
            "## Cold write: one transaction over N fresh lines", "",
            "The first transaction of a fresh process (so the runtime's logs "
            "start empty) writes one byte in each of N distinct 64-byte "
            "lines of an array that was allocated and touched before, "
            "outside any transaction; each N runs in its own process. Time "
            "per line, page faults included (nanoseconds, median; lower is "
            "better):", "",
            table(head_t, rows_t), "",
            "Memory the transaction needed: peak resident memory after it "
            "minus the peak before it (`VmHWM` of `/proc/self/status`, not "
            "`ru_maxrss`, which Linux carries over from the parent across "
            "exec; the array was already resident, so this is the runtime's "
            "logs), in MB "
            "(10^6 bytes), and as a multiple of the bytes of the lines "
            "written (N × 64):", "",
            table(head_m, rows_m), ""])

    def demo(self):
        j = self.get("demo", "", "ame")
        if j is None:
            return ""
        s = median_of(j, "speedup")
        vals = sorted(l["speedup"] for r in j.results for l in r
                      if isinstance(l.get("speedup"), float))
        goal = "≥ 1.3×"
        if s is not None:
            ok = s >= 1.3
            goal += " met" if ok else " **missed**"
            self.targets.append(
                ("7", f"Quickstart demo (examples/bank.c): speedup with "
                 f"{DEMO_THREADS} threads ≥ 1.3×", f"{s:.2f}×",
                 "met" if ok else "missed"))
        rows = [["AME", str(len(vals)),
                 "–" if s is None else f"{s:.2f}×",
                 f"{vals[0]:.2f}× – {vals[-1]:.2f}×" if vals else "–",
                 cell(j, "seconds_1", fmt=fmt_ns),
                 cell(j, f"seconds_{DEMO_THREADS}", fmt=fmt_ns),
                 cell(j, "aborts_per_commit"), goal]]
        racy = self.get("demo", "", "none")
        if racy is not None:
            rv = sorted(l["speedup"] for r in racy.results for l in r
                        if isinstance(l.get("speedup"), float))
            rs = median_of(racy, "speedup")
            rows.append(["uninstrumented, racy (loses updates)",
                         str(len(rv)), "–" if rs is None else f"{rs:.2f}×",
                         f"{rv[0]:.2f}× – {rv[-1]:.2f}×" if rv else "–",
                         cell(racy, "seconds_1", fmt=fmt_ns),
                         cell(racy, f"seconds_{DEMO_THREADS}", fmt=fmt_ns),
                         "–", "–"])
        return "\n".join([
            "## Quickstart demo", "",
            f"`examples/bank.c`, built with the AME compiler of this run and "
            f"run as `bank {DEMO_THREADS}`: 2M transfers between 16k accounts "
            "with an audit of all accounts every 2000, first on 1 thread, "
            f"then split over {DEMO_THREADS}; it prints the speedup (time on "
            "1 thread divided by the time on 2). The same source built "
            "with plain clang runs its blocks unprotected: it loses "
            "updates, and shows how far the hardware lets this program "
            "scale (its 768 KB of accounts fit in one core's L2; on 2 "
            "threads about half the lines a transfer touches were last "
            "written by the other core).", "",
            table(["build", "runs", "speedup (median)", "range",
                   "1 thread (s)",
                   f"{DEMO_THREADS} threads (s)",
                   f"aborts/commit ({DEMO_THREADS} threads)",
                   "target (issue 7)"], rows), ""])

    def parloop(self):
        cols = self.cols(["ame", "itm-ml_wt", "itm-gl_wt", "mutex"])
        rows = []
        for kind in PARLOOP_KINDS:
            seq = self.val("parloop", f"{kind}/1/seq", "none", "seconds")
            for w in (1, 2):
                for mode in ("unordered", "ordered"):
                    key = f"{kind}/{w}/{mode}"
                    if not any(self.get("parloop", key, c) for c in cols):
                        continue
                    t = {c: self.val("parloop", key, c, "seconds")
                         for c in cols}
                    goal = "–"
                    want = PARLOOP_TARGETS.get(mode)
                    if kind == "wordfreq" and w == 2 and want:
                        goal = f"≥ {want}×"
                        if seq and t.get("ame"):
                            s = seq / t["ame"]
                            ok = s >= want
                            goal += " met" if ok else " **missed**"
                            self.targets.append(
                                ("10", f"Word count (parloop), 2 workers, "
                                 f"{mode}: ≥ {want}× the sequential "
                                 "uninstrumented loop", f"{s:.2f}×",
                                 "met" if ok else "missed"))
                    rows.append(
                        [kind, str(w), mode]
                        + [cell(self.get("parloop", key, c), "seconds")
                           for c in cols]
                        + [cell(self.get("parloop", f"{kind}/1/seq", "none"),
                                "seconds") if w == 1 and mode == "unordered"
                           else "",
                           ratio(seq, t.get("ame")),
                           ratio(seq, t.get("itm-ml_wt")), goal])
        if not rows:
            return ""
        return "\n".join([
            "## Parallel loops", "",
            "`bench/parloop.c`: the loops of `examples/wordfreq.c` (16 MB of "
            "generated text, one 256 KB chunk per iteration, counted on the "
            "stack in a table of the shared open-addressing map's size and "
            "added to the map in slot order, a dense forward walk; the "
            "map's pages are written once before the timed loop as every "
            "other benchmark's data is), "
            "`examples/tree.c` (300k keys inserted into a shared binary "
            "search tree in batches of 64, a node and a payload allocated "
            "per key) and `examples/components.c` (union-find over a random "
            "graph of 4M vertices and 2.4M edges, 256 edges per iteration). "
            "Every iteration is one atomic block: AME runs them "
            "with `ame_parallel_for` (ordered: `AME_ORDERED`), libitm and "
            "the mutex with pthreads taking indices from a shared counter, "
            "each iteration a `__transaction_atomic` block or under the "
            "global mutex (they have no ordered mode); the baseline is the "
            "sequential loop, uninstrumented. Median seconds (lower is "
            "better); speedups divide the sequential loop's time by the "
            "other one.", "",
            table(["loop", "workers", "mode"]
                  + [COLUMN_TITLE[c] for c in cols]
                  + ["uninstr. sequential", "AME speedup", "ml_wt speedup",
                     "target (issue 10)"], rows, left=3), ""])

    def refcount(self):
        rows = []
        for key, title, want in (("refcount", "with AME_REFCOUNT and "
                                  "AME_IMMUTABLE", True),
                                 ("refcount-plain", "annotations compiled "
                                  "out", False)):
            j = self.get("refcount", key, "ame")
            if j is None:
                continue
            s = median_of(j, "speedup")
            goal = "≥ 1.5×" if want else "–"
            if s is not None and want:
                ok = s >= 1.5
                goal += " met" if ok else " **missed**"
                self.targets.append(
                    ("8", "CPython-shaped objects (examples/pyobjects.c) "
                     f"with annotations: speedup with {REFCOUNT_THREADS} "
                     "threads ≥ 1.5×", f"{s:.2f}×", "met" if ok else "missed"))
            rows.append([title, "–" if s is None else f"{s:.2f}×",
                         cell(j, "seconds_1", fmt=fmt_ns),
                         cell(j, f"seconds_{REFCOUNT_THREADS}", fmt=fmt_ns),
                         cell(j, "aborts_per_commit"), goal])
        if not rows:
            return ""
        return "\n".join([
            "## Reference counts", "",
            "`examples/pyobjects.c`, built with the AME compiler of this run "
            "twice: as written, and with `-DPLAIN_FIELDS`, which compiles its "
            "`AME_REFCOUNT` and `AME_IMMUTABLE` annotations out. Each work "
            "item (one atomic block) increfs a few shared small ints and "
            "None, reads their immutable type pointers, allocates and frees "
            "objects, and decrefs them with `if (--o->ob_refcnt == 0)`; "
            f"`pyobjects {REFCOUNT_THREADS}` runs 400k items on 1 thread, "
            f"then split over {REFCOUNT_THREADS}, and prints the speedup. "
            "Without the annotations every incref writes a shared line and "
            "the threads conflict; the target (issue 8) asks the annotated "
            "build to scale and expects the plain one not to.", "",
            table(["build", "speedup (median)", "1 thread (s)",
                   f"{REFCOUNT_THREADS} threads (s)",
                   f"aborts/commit ({REFCOUNT_THREADS} threads)",
                   "target (issue 8)"], rows), ""])


    def shapes(self):
        """Issue 12: barriers per block and time per block, before and after
        the analyses, next to the other variants."""
        def per_block(job):
            """Median over the counting runs of barriers per committed block
            (aborted attempts' barriers included): reads, writes."""
            vals = [(i["read_barriers"] / i["commits"],
                     i["write_barriers"] / i["commits"])
                    for i in (job.info if job else [])
                    if isinstance(i.get("read_barriers"), float)
                    and i.get("commits")]
            if not vals:
                return None
            return (statistics.median(v[0] for v in vals),
                    statistics.median(v[1] for v in vals))

        def fmt_barriers(rw):
            return "–" if rw is None else \
                f"{fmt_num(rw[0] + rw[1])} ({fmt_num(rw[0])} + {fmt_num(rw[1])})"

        cols = self.cols(["ame", "ame-before", "itm-ml_wt", "itm-gl_wt",
                          "mutex", "none"])
        rows = []
        for kind in SHAPES_KINDS:
            for t in (1, 2):
                key = f"{kind}/{t}"
                if not any(self.get("shapes", key, c) for c in
                           cols + ["ame-count", "ame-before-count"]):
                    continue
                v = {c: self.val("shapes", key, c, "ns_per_block")
                     for c in cols}
                none = self.val("shapes", f"{kind}/1", "none", "ns_per_block")
                goal = "–"
                if t == 1:
                    goal = f"≤ {SHAPES_TARGET}×"
                    if v.get("ame") and none:
                        r = v["ame"] / none
                        ok = r <= SHAPES_TARGET
                        goal += " met" if ok else " **missed**"
                        self.targets.append(
                            ("12", f"shapes {kind}, 1 thread: AME ≤ "
                             f"{SHAPES_TARGET}× uninstrumented", f"{r:.2f}×",
                             "met" if ok else "missed"))
                rows.append(
                    [kind, str(t),
                     fmt_barriers(per_block(self.get("shapes", key,
                                                     "ame-before-count"))),
                     fmt_barriers(per_block(self.get("shapes", key,
                                                     "ame-count")))]
                    + [cell(self.get("shapes", key, c), "ns_per_block")
                       for c in cols]
                    + [ratio(v.get("ame"), v.get("ame-before")),
                       ratio(v.get("ame"), none),
                       cell(self.get("shapes", key, "ame"),
                            "aborts_per_commit"), goal])
        if not rows:
            return ""
        return "\n".join([
            "## Barrier elision on STAMP-shaped programs", "",
            "`bench/shapes.c` (issue 12): `labyrinth` routes a path in a "
            "shared 128×128 grid per block, searching a copy of the ends' "
            "bounding box in a buffer the block allocates; `genome` inserts "
            "or removes a segment of a shared pool in a chained hash table, "
            "building the node and a copy of its bytes inside the block; "
            "`yada` gathers the cavity of a random element of a shared mesh "
            "(up to 16 elements), tests every element's vertices against "
            "every other's circumcircle (the same nodes read many times) and "
            "replaces each cavity element by a new one, relinking its "
            "neighbours (as in STAMP, geometry never changes once published, "
            "and is declared `AME_IMMUTABLE`). *Before* is the AME build with the issue 12 analyses "
            "switched off by their pass options (`" + " ".join(ISSUE12_OFF)
            + "`), *after* the default build. Barriers per committed block "
            "(reads + writes, aborted attempts' barriers included) come from "
            "separate builds with `-mllvm -ame-count-barriers`, one run of "
            "a fixed number of blocks per thread, never timed; times are the "
            "median nanoseconds per block per thread (lower is better). "
            "At 2 threads the uninstrumented ratio compares with the "
            "1-thread uninstrumented time.", "",
            table(["kind", "threads", "barriers/block before",
                   "barriers/block after"]
                  + [f"{COLUMN_TITLE[c]} (ns)" for c in cols]
                  + ["after / before", "AME / uninstr. (1 thread)",
                     "AME aborts/commit", "target (issue 12)"], rows,
                  left=2), ""])


def machine_info():
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            info["cpu"] = m.group(1) if m else platform.processor()
    except OSError:
        info["cpu"] = platform.processor()
    info["cpus"] = os.cpu_count()
    try:
        with open("/proc/meminfo") as f:
            kb = int(re.search(r"MemTotal:\s*(\d+)", f.read()).group(1))
            info["mem"] = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        info["mem"] = "unknown"
    info["kernel"] = platform.release()
    info["clang"] = first_line(["clang-19", "--version"])
    info["gcc"] = first_line(["gcc", "--version"])
    r = sh(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    commit = r.stdout.strip() or "unknown"
    dirty = sh(["git", "-C", ROOT, "status", "--porcelain", "--",
                ".", ":!docs/performance.md"]).stdout.strip()
    info["commit"] = commit + (" plus uncommitted changes" if dirty else "")
    return info


def cpu_seconds():
    """(busy CPU seconds of the whole machine, including time stolen by the
    hypervisor; CPU seconds of this script and its children)."""
    ours = sum(getattr(resource.getrusage(w), f) for w in
               (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        # user nice system idle iowait irq softirq steal
        busy = v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)
        return busy / os.sysconf("SC_CLK_TCK"), ours
    except (OSError, ValueError, IndexError):
        return float("nan"), ours


# A fixed loop, timed inside the child so interpreter start-up does not count.
PROBE_LOOP = ("import time\nt = time.perf_counter()\nx = 0\n"
              "for i in range(1_000_000):\n    x += i\n"
              "print(time.perf_counter() - t)")


def cpu_probe():
    """Milliseconds the same loop takes on each CPU, one CPU at a time: on a
    virtual machine the host can take part of a CPU away for a while (seen
    here: a CPU 2-2.7x slower, while /proc/stat showed no steal), which
    bounds every 2-thread figure and moves 1-thread ones with the CPU they
    ran on."""
    times = {}
    for cpu in sorted(os.sched_getaffinity(0)):
        r = subprocess.run([sys.executable, "-S", "-c", PROBE_LOOP],
                           capture_output=True, text=True,
                           preexec_fn=lambda c=cpu: os.sched_setaffinity(0, {c}))
        try:
            times[str(cpu)] = 1000 * float(r.stdout)
        except ValueError:
            pass
    return times


# The same loop, started on every CPU at one instant (the parent hands the
# children a moment a little ahead, which they wait for), each child timing
# its own run.
PAIR_LOOP = ("import time, sys\nstart = float(sys.argv[1])\n"
             "while time.time() < start:\n    pass\n" + PROBE_LOOP)


def pair_probe():
    """Milliseconds the probe loop takes on each CPU while it runs on all of
    them at once. The loop shares nothing, so on hardware that runs the CPUs
    independently each takes as long as alone: the ratio bounds what any
    2-thread figure of the same round can show (seen here: a loop that ran
    in 150 ms alone took 340 ms on both CPUs at once, in some rounds and not
    in others)."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return {}
    start = time.time() + 0.3
    procs = {cpu: subprocess.Popen(
        [sys.executable, "-S", "-c", PAIR_LOOP, repr(start)],
        stdout=subprocess.PIPE, text=True,
        preexec_fn=lambda c=cpu: os.sched_setaffinity(0, {c}))
        for cpu in cpus}
    times = {}
    for cpu, proc in procs.items():
        out, _ = proc.communicate()
        try:
            times[str(cpu)] = 1000 * float(out)
        except ValueError:
            pass
    return times


def build_linemove(args):
    """bench/linemove.c, built once with clang-19 (plain C11 atomics, not
    one of the variants); its path, or None if it did not build."""
    out = os.path.join(args.build_dir, "linemove")
    if args.no_build and os.access(out, os.X_OK):
        return out
    cmd = ["clang-19", "-O2", os.path.join(BENCH, "linemove.c"), "-o", out,
           "-lpthread"]
    print("build:", " ".join(cmd), flush=True)
    r = sh(cmd)
    if r.returncode != 0:
        print((r.stderr or r.stdout).strip(), file=sys.stderr)
        return None
    return out


def line_probe(linemove):
    """Nanoseconds a cache line takes to move from one CPU to the other
    (bench/linemove.c), or None. Not fixed by the hardware alone: seen
    here, 230-250 ns on a VM whose host places its two CPUs where it
    likes, several times a native cross-core transfer."""
    if not linemove or len(os.sched_getaffinity(0)) < 2:
        return None
    try:
        r = sh([linemove], timeout=30)
    except subprocess.TimeoutExpired:
        return None
    m = re.search(r"ns_per_move=([0-9.]+)", r.stdout)
    return float(m.group(1)) if m else None


def pair_scaling(solo, pair):
    """Work per second on all CPUs at once over the work per second of one
    CPU alone, from one round's probes: each CPU's rate together relative to
    its own rate alone, summed (2.0 on 2 CPUs that run independently)."""
    if not solo or not pair or set(solo) != set(pair):
        return None
    return sum(solo[c] / pair[c] for c in pair)


# A round whose check found a CPU slower than this (times the fastest) is
# counted as disturbed, and the report calls its figures preliminary.
PROBE_SLOW_LIMIT = 1.25


def probe_summary(probes):
    """The fastest time of the loop on any CPU, and the rounds (numbered
    from 1) before which some CPU took more than PROBE_SLOW_LIMIT times
    that: the host took part of that CPU away around then. Another
    tenant's load moves from CPU to CPU (seen here: either CPU 2x slower,
    in 5 of 9 rounds), so a summary per CPU would hide it."""
    times = [ms for p in probes for ms in p.values()]
    if not times:
        return None, []
    fastest = min(times)
    slow = [r + 1 for r, p in enumerate(probes)
            if p and max(p.values()) > PROBE_SLOW_LIMIT * fastest]
    return fastest, slow


def loadavg():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def write_report(args, jobs, columns, status, info, load0, load1, started,
                 elapsed, others, probes, pair_probes, line_moves):
    rep = Report(jobs, columns)
    sections = [
        rep.micro(),
        rep.throughput("bank", "Bank", "transfers_per_s", "transfers per "
                       "second", "1M accounts; each operation is a transfer "
                       "between two random accounts (2 reads, 2 writes) or, "
                       "1% of the time, an audit that sums all accounts in "
                       "one transaction (1M reads). Audits dominate the time "
                       "on purpose. The 2-thread target is issue 3's, and "
                       "issue 7 keeps it.", True, "3, 7"),
        rep.transfer(),
        rep.profile_cost(),
        rep.throughput("list", "Sorted linked list", "ops_per_s",
                       "operations per second", "A sorted singly linked list "
                       "of 256 keys (key range 512): 80% lookups, 10% inserts,"
                       " 10% deletes; nodes are allocated and freed inside "
                       "the transactions.", False),
        rep.throughput("hash", "Hash set", "ops_per_s", "operations per "
                       "second", "4096 keys in 4096 buckets of sorted chains "
                       "(key range 8192): 80% lookups, 10% inserts, 10% "
                       "deletes, allocation inside the transactions.", True),
        rep.long(),
        rep.mlp(),
        rep.coldwrite(),
        rep.demo(),
        rep.refcount(),
        rep.parloop(),
        rep.shapes(),
    ]
    # `others`: share of all CPUs that other processes (and the hypervisor)
    # used while the benchmarks ran.
    busy = others > 0.10
    fastest, slow_rounds = probe_summary(probes)
    lines = ["# Performance", ""]
    if args.preliminary or busy or args.quick or slow_rounds:
        why = []
        if slow_rounds:
            why.append(f"before {len(slow_rounds)} of {len(probes)} rounds "
                       "a CPU ran a fixed loop more than "
                       f"{PROBE_SLOW_LIMIT}x slower than the fastest run of "
                       "it: the host took part of that CPU away")
        if args.preliminary:
            why.append("taken while other jobs shared the machine")
        if busy:
            why.append(f"other processes used {100 * others:.0f}% of the "
                       "CPUs during the run")
        if args.quick:
            why.append("a --quick run (one short run per configuration)")
        lines += ["> **Preliminary figures** (" + "; ".join(why) + "). They "
                  "are noisy, the 2-thread ones most of all. The lead reruns "
                  "`bench/run.sh` on a quiet machine for the final numbers.",
                  ""]
    lines += [
        "Every benchmark is one C source compiled four ways and run side by "
        "side in one run of `bench/run.sh`, which wrote this file. "
        "`bench/README.md` describes the benchmarks and how to run them.", "",
        "## Targets", "",
    ]
    if rep.targets:
        lines += ["Targets set by the issues (*issue* says which; "
                  "a target both state is labelled with both).", "",
                  table(["issue", "target", "AME", "verdict"],
                        [list(t) for t in rep.targets], left=2), ""]
    else:
        lines += ["No AME figures in this run (see Problems).", ""]
    scalings = sorted(x for x in (pair_scaling(a, b) for a, b in
                                  zip(probes, pair_probes)) if x is not None)
    if scalings:
        lines += ["What two CPUs allowed during this run: a loop that "
                  "shares nothing (the CPU speed check below), run on both "
                  "CPUs at once before each round, did "
                  f"{statistics.median(scalings):.2f}× the work per second "
                  "of one CPU alone (median over the rounds; range "
                  f"{scalings[0]:.2f}× – {scalings[-1]:.2f}×; 2× when the "
                  "CPUs run independently). No 2-thread figure can scale "
                  "further than that; the 2-thread targets above assume 2×.",
                  ""]
    moves = sorted(x for x in line_moves if x is not None)
    if moves:
        per = [(name, rep.val("transfer", 1, c, "transfers_per_s"))
               for name, c in (("AME", "ame"), ("the uninstrumented loop",
                                                "none"))]
        per = [f"{name} {1e9 / v:.0f} ns" for name, v in per if v]
        lines += ["And what a line written by both CPUs costs: one cache "
                  "line, written by each CPU in turn, moved from one to the "
                  f"other in {statistics.median(moves):.0f} ns (median over "
                  f"the rounds; range {moves[0]:.0f} – {moves[-1]:.0f} ns; "
                  "`bench/linemove.c`). Each access of a 2-thread run to a "
                  "line the other thread wrote last pays that, however the "
                  "program synchronizes"
                  + (": one transfer of the transfer-only bank at 1 thread "
                     "takes " + ", ".join(per) if per else "")
                  + ". A 2-thread figure scales only as far as its "
                  "transactions avoid such lines.", ""]
    lines += [s for s in sections if s]
    lines += ["## Machine, build and method", "",
              f"- Date: {started} UTC; the run took {elapsed / 60:.1f} min.",
              f"- Commit: {info['commit']}.",
              f"- CPU: {info['cpu']}, {info['cpus']} logical CPUs, "
              f"{info['mem']} RAM; Linux {info['kernel']}.",
              f"- Load average (1 min): {load0:.2f} before, {load1:.2f} "
              f"after; other processes used {100 * others:.0f}% of the CPUs "
              "during the run (the report calls the figures preliminary "
              "above 10%).",
              "- CPU speed check (a fixed Python loop on each CPU alone, "
              "before each round): " + (
                  f"fastest {fastest:.0f} ms; rounds with a CPU more than "
                  f"{PROBE_SLOW_LIMIT}x slower: "
                  + (", ".join(map(str, slow_rounds)) or "none")
                  + " (per round and CPU in `results.json`, `meta.probes`; "
                  "any such round makes the figures preliminary); "
                  "the same loop on every CPU at once after it "
                  "(`meta.pair_probes`) gives the 2-CPU scaling under "
                  "Targets."
                  if fastest else "not run."),
              "- Cache line move (`bench/linemove.c`, after the speed "
              "checks before each round): the times per round are in "
              "`results.json`, `meta.line_moves`.",
              f"- Compilers: {info['clang']}; {info['gcc']} (libitm from "
              "the same gcc).", "- Variants and how they were built:"]
    for v, title in (("ame", "AME"), ("gnutm", "libitm"), ("mutex", "mutex"),
                     ("none", "uninstrumented"),
                     ("none-gcc", "uninstrumented, gcc"),
                     ("demo", "quickstart demo"),
                     ("demo-none", "quickstart demo, uninstrumented (racy)"),
                     ("refcount", "reference counts, annotated"),
                     ("refcount-plain", "reference counts, plain"),
                     ("ame-before", "AME, issue 12 analyses off (shapes)"),
                     ("ame-count", "AME counting barriers (shapes)"),
                     ("ame-before-count", "AME counting barriers, issue 12 "
                      "analyses off (shapes)")):
        if v in status:
            ok, what = status[v]
            shown = what if ok else what.splitlines()[0]
            lines.append(f"  - {title}: `{shown}`"
                         + ("" if ok else " (**failed**, see Problems)"))
    runs = sorted({(j.bench, j.runs) for j in jobs})
    lines += [
        "  - libitm runs once with `ITM_DEFAULT_METHOD=ml_wt` (multiple locks,"
        " write-through: its best general-purpose STM) and once with "
        "`gl_wt` (one global lock, write-through). The variable is set even "
        "for one thread: without it libitm runs a lone thread's transactions "
        "in serial-irrevocable mode on uninstrumented code, which measures a "
        "lock rather than an STM.",
    ]
    if "ame-profile" in columns:
        lines.append(
            "  - AME with AME_PROFILE: the AME binary again, run with "
            "`AME_PROFILE=" + os.path.relpath(
                COLUMN_BINARY["ame-profile"][1]["AME_PROFILE"].format(
                    build_dir=args.build_dir), ROOT)
            + "` (bank and transfer-only bank).")
    lines += [
        "- Each configuration ran " + ", ".join(
            f"{b}: {n}×" for b, n in dict(runs).items())
        + " (runs of different variants interleaved); every figure is the "
        "median over those runs (micro: the median of several batches inside "
        "each run, then the median over runs).",
        "- Aborts per commit: AME from `ame_stats_thread()`; libitm from a "
        "`transaction_pure` counter bumped at the start of each attempt; the "
        "mutex never aborts.",
        "- Sanity (not a test): bank audits and the bank's final total must "
        "see the invariant total (except in the racy uninstrumented "
        "transfer-only runs), the integer sets' final size must match the "
        "successful inserts and deletes, and the cold write must have "
        "written every line; violations are listed under Problems.", ""]
    ame_jobs = [j for j in jobs if j.column == "ame" and j.info]
    if ame_jobs:
        rows = []
        for j in ame_jobs:
            i = j.info[-1]
            rows.append([f"{j.bench} {j.key}".strip()]
                        + [fmt_num(i.get(k)) for k in
                           ("commits", "aborts", "inevitable", "max_read_log",
                            "max_write_log")])
        lines += ["## AME runtime counters", "",
                  "Process totals from `ame_stats_total()` at the end of the "
                  "last run of each AME configuration (read log in entries, "
                  "write log in cache lines; micro's maxima come from its "
                  "largest transactions).", "",
                  table(["configuration", "commits", "aborts",
                         "inevitable commits", "max read log",
                         "max write log"], rows), ""]
    problems = []
    for v, (ok, what) in status.items():
        if not ok:
            name = ("The quickstart demo" if v == "demo"
                    else f"The example `{v}`" if v.startswith("refcount")
                    else f"Variant `{v}`")
            problems.append(f"- {name} was not built: " + "\n  ".join(
                ["```"] + what.splitlines() + ["```"]) if "\n" in what
                else f"- {name} was not built: {what}.")
    for j in jobs:
        for e in j.errors[:2]:
            problems.append(f"- {j.bench} {j.key} {COLUMN_TITLE[j.column]}: "
                            + "\n  ".join(["```"] + e.splitlines() + ["```"]))
        for lines_ in j.results:
            for l in lines_:
                if l.get("bad_audits", 0) not in (0, 0.0):
                    problems.append(f"- bank {j.key} {COLUMN_TITLE[j.column]}:"
                                    f" {l['bad_audits']:g} audits saw a wrong "
                                    "total (synchronization broken).")
                if l.get("total_drift", 0) not in (0, 0.0) and \
                        l.get("racy") != 1.0:
                    problems.append(f"- {j.bench} {j.key} "
                                    f"{COLUMN_TITLE[j.column]}: the final "
                                    f"total is {l['total_drift']:g} off "
                                    "(synchronization broken).")
                if l.get("check") == "BAD":
                    problems.append(
                        f"- {j.bench} {j.key} {COLUMN_TITLE[j.column]}: "
                        + ("the shared structure is inconsistent after the "
                           "run (synchronization broken)."
                           if j.bench == "shapes"
                           else "some lines were not written."))
                if l.get("result") == "BAD":
                    problems.append(f"- {j.bench} {j.key} "
                                    f"{COLUMN_TITLE[j.column]}: the loop's "
                                    "result is wrong (synchronization "
                                    "broken).")
                if l.get("profile_check") == "BAD":
                    problems.append(f"- {j.bench} {j.key} "
                                    f"{COLUMN_TITLE[j.column]}: the conflict "
                                    "profile was missing or truncated (no "
                                    "complete `end` record).")
                if l.get("size_check") == "BAD":
                    problems.append(f"- {j.bench} {j.key} "
                                    f"{COLUMN_TITLE[j.column]}: final set size"
                                    " does not match the updates "
                                    "(synchronization broken).")
        if COLUMN_BINARY[j.column][0] == "ame":
            for i in j.info:
                if i.get("commits") == 0:
                    problems.append(f"- {j.bench} {j.key} "
                                    f"{COLUMN_TITLE[j.column]}: the runtime "
                                    "counted no commits: the atomic blocks "
                                    "were not transformed by the pass.")
                    break
    lines += ["## Problems", ""] + (sorted(set(problems), key=problems.index)
                                    or ["None."]) + [""]
    text = "\n".join(lines)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    print(f"wrote {args.out}")


def save_results(path, jobs, status, meta):
    data = {"meta": meta, "status": status,
            "jobs": [{k: getattr(j, k) for k in
                      ("bench", "key", "column", "source", "argv", "runs",
                       "timeout", "results", "errors", "info")}
                     for j in jobs]}
    with open(path, "w") as f:
        json.dump(data, f, indent=1)


def load_results(path):
    with open(path) as f:
        data = json.load(f)
    jobs = []
    for d in data["jobs"]:
        j = Job(d["bench"], d["key"], d["column"], d["source"], d["argv"],
                d["runs"], d["timeout"])
        j.results, j.errors, j.info = d["results"], d["errors"], d["info"]
        jobs.append(j)
    status = {k: tuple(v) for k, v in data["status"].items()}
    return jobs, status, data["meta"]


def main():
    args = parse_args()
    if args.report_only:
        jobs, status, meta = load_results(args.report_only)
        args.quick = args.quick or meta.get("quick", False)
        args.preliminary = args.preliminary or meta.get("preliminary", False)
        columns = sorted({j.column for j in jobs}, key=ALL_COLUMNS.index)
        write_report(args, jobs, columns, status, meta["info"],
                     meta["load0"], meta["load1"], meta["started"],
                     meta["elapsed"], meta["others"], meta.get("probes", []),
                     meta.get("pair_probes", []),
                     meta.get("line_moves", []))
        return
    columns = [c for c in args.variants.split(",") if c in ALL_COLUMNS]
    variants = sorted({COLUMN_BINARY[c][0] for c in columns})
    for tool in ("clang-19", "gcc"):
        if not shutil.which(tool):
            sys.exit(f"run.py: {tool} not found")
    started = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%d %H:%M")
    t0 = time.time()
    load0 = loadavg()
    busy0, ours0 = cpu_seconds()
    status, binaries = build(args, variants)
    jobs = make_jobs(args, columns)
    linemove = build_linemove(args)
    probes, pair_probes, line_moves = [], [], []
    for r in range(max((j.runs for j in jobs), default=0)):
        print(f"round {r + 1}", flush=True)
        probes.append(cpu_probe())
        pair_probes.append(pair_probe())
        line_moves.append(line_probe(linemove))
        for j in jobs:
            if r < j.runs:
                run_job(j, binaries, args.build_dir)
    load1 = loadavg()
    busy1, ours1 = cpu_seconds()
    wall = time.time() - t0
    others = max(0.0, ((busy1 - busy0) - (ours1 - ours0))
                 / (wall * (os.cpu_count() or 1)))
    meta = {"info": machine_info(), "load0": load0, "load1": load1,
            "others": others,
            "started": started, "elapsed": time.time() - t0,
            "quick": args.quick, "preliminary": args.preliminary,
            "probes": probes, "pair_probes": pair_probes,
            "line_moves": line_moves}
    save_results(os.path.join(args.build_dir, "results.json"), jobs, status,
                 meta)
    write_report(args, jobs, columns, status, meta["info"], load0, load1,
                 started, meta["elapsed"], others, probes, pair_probes,
                 line_moves)


if __name__ == "__main__":
    main()
