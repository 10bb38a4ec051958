#!/usr/bin/env python3
"""bench/codesize.py - What AME costs in code size; writes docs/code-size.md.

    bench/codesize.py [--ame-build build] [--out docs/code-size.md]

Every program is built at -O2 and at -Os, with clang-19 and with ame-cc
(whose links pass -Wl,--gc-sections), and the AME build at -O2 once more
with -Wl,--no-gc-sections. The table compares what each maps from its file
(size's text plus data) minus the same for an empty program built alike:
start-up code and the runtime do not count. Sizes are deterministic: one
build each.

Programs: generated ones (--generated) whose atomic blocks call a third of
their functions directly and whose other functions are called outside
blocks, one in ten of them also through a table of function pointers (so
their clones stay reachable through the clone map).
"""
import argparse
import datetime
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generate(n, seed=7):
    """C source of n functions; blocks call a third of them (and what those
    call), the other two thirds run outside blocks."""
    rnd = random.Random(seed)
    out = ["#include <ame.h>", "#include <stdio.h>", "#include <stdlib.h>",
           "long cells[4096];"]
    out += [f"long f{i}(long x);" for i in range(n)]
    for i in range(n):
        lo = (i * 3 // n) * n // 3  # calls stay inside the function's third
        callees = rnd.sample(range(lo, i), min(2, i - lo)) if i > lo else []
        body = [f"  long y = x * {i + 3} + cells[(x + {i}) & 4095];",
                "  if (y & 1)",
                "    cells[(y >> 3) & 4095] += y;",
                "  for (int k = 0; k < (int)(x & 3); k++)",
                f"    y ^= cells[(y + k) & 4095] >> {i % 7};"]
        body += [f"  if ((y & 7) == {j % 8})\n    y += f{j}(y >> 4);"
                 for j in callees]
        out.append(f"long f{i}(long x) {{\n" + "\n".join(body)
                   + "\n  return y;\n}")
    table = [i for i in range(n // 3, n) if i % 10 == 0]
    out.append("long (*const table[])(long) = {"
               + ", ".join(f"f{i}" for i in table) + "};")
    out.append("int main(int argc, char **argv) {")
    out.append("  long s = 0, t = 0, rounds = argc > 1 ? atol(argv[1]) : 10;")
    out.append("  for (long r = 0; r < rounds; r++) {")
    out.append("    ame_atomic {")
    out += [f"      s += f{i}(r + {i});" for i in range(0, n // 3)]
    out.append("    }")
    out.append(f"    t += table[r % {len(table)}](r);")
    out += [f"    t += f{i}(r);" for i in range(n // 3, n)]
    out.append("  }")
    out.append('  printf("%ld %ld\\n", s, t);')
    out.append("  return 0;\n}")
    return "\n".join(out) + "\n"


def loaded_bytes(binary):
    """Bytes the program maps from its file: text (code, read-only data,
    relocations, unwind tables) and data, as size(1) counts them."""
    r = subprocess.run(["size", binary], capture_output=True, text=True,
                       check=True)
    text, data = r.stdout.splitlines()[1].split()[:2]
    return int(text) + int(data)


def build(compiler, src, out, link_flags, opt="-O2"):
    cmd = compiler + [opt, "-I" + os.path.join(ROOT, "include"), src, "-o",
                      out] + link_flags
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("codesize: " + " ".join(cmd) + " failed:\n" + r.stderr)
    return loaded_bytes(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ame-build", default=os.path.join(ROOT, "build"))
    p.add_argument("--out", default=os.path.join(ROOT, "docs",
                                                 "code-size.md"))
    p.add_argument("--generated", default="150,300,600",
                   help="function counts of the generated programs")
    args = p.parse_args()
    ame_cc = os.path.join(args.ame_build, "bin", "ame-cc")
    if not os.access(ame_cc, os.X_OK):
        sys.exit(f"codesize: {ame_cc} not found: build AME first "
                 "(cmake --build build)")
    plain, ame = ["clang-19"], [ame_cc]
    gc = ["-ffunction-sections", "-Wl,--gc-sections"]
    configs = {"plain": (plain, [], "-O2"), "plain-gc": (plain, gc, "-O2"),
               "gc": (ame, [], "-O2"),
               "nogc": (ame, ["-Wl,--no-gc-sections"], "-O2"),
               "plain-Os": (plain, [], "-Os"), "Os": (ame, [], "-Os")}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.c")
        with open(empty, "w") as f:
            f.write("int main(void) { return 0; }\n")
        exe = os.path.join(tmp, "prog")
        # What every program carries once: start-up code, and for AME the
        # runtime.
        base = {k: build(c, empty, exe, fl, o)
                for k, (c, fl, o) in configs.items()}
        for n in [int(x) for x in args.generated.split(",") if x]:
            src = os.path.join(tmp, f"gen{n}.c")
            with open(src, "w") as f:
                f.write(generate(n))
            sizes = {k: build(c, src, exe, fl, o) - base[k]
                     for k, (c, fl, o) in configs.items()}
            rows.append((f"{n} functions", sizes))
            print(n, sizes, flush=True)
    runtime_kb = (base["gc"] - base["plain"]) / 1024
    write_report(args.out, rows, runtime_kb)


def write_report(out, rows, runtime_kb):
    def kb(b):
        return f"{b / 1024:.1f}"
    lines = [
        "# Code size",
        "",
        "Written by `bench/codesize.py` on "
        + datetime.date.today().isoformat()
        + ". Size of each program (KB): what it maps from its file (code, "
        "read-only data such as AME's sites, relocations, unwind tables and "
        "data; `size`'s text plus data), minus that of an empty program "
        "built the same way, so that start-up code and, with ame-cc, the "
        f"runtime ({runtime_kb:.0f} KB, once per program) do not count.",
        "",
        "ame-cc compiles with `-ffunction-sections` and links with "
        "`-Wl,--gc-sections`: every transactional clone sits in a section of "
        "its own with its sites, and the linker drops those no block calls "
        "and no clone map lists (functions whose address is taken), and the "
        "originals of functions that only blocks call (they run as their "
        "clones). *no gc* is the AME build with `-Wl,--no-gc-sections`; "
        "*clang-19 -O2, gc* is the plain build with the same two flags "
        "(no function of it is unreachable; section alignment and unwind "
        "tables change), and *ratio to gc* divides by it.",
        "",
        "The generated programs' atomic blocks call a third of their "
        "functions (and what those call, inside the same third); the other "
        "two thirds run outside blocks, and one in ten of those is also "
        "called through a table of function pointers, so its clone and its "
        "callees' clones stay. Each function does a few loads and stores of "
        "a global array, so nearly every instruction of a clone's code is a "
        "barrier: close to the worst case for code size.",
        "",
        "| generated program | clang-19 -O2 | clang-19 -O2, gc | ame-cc -O2 "
        "| ratio | ratio to gc | ame-cc -O2, no gc | ratio | clang-19 -Os "
        "| ame-cc -Os | ratio |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label, s in rows:
        lines.append(f"| {label} | {kb(s['plain'])} | {kb(s['plain-gc'])} | "
                     f"{kb(s['gc'])} | "
                     f"{s['gc'] / s['plain']:.2f}× | "
                     f"{s['gc'] / s['plain-gc']:.2f}× | {kb(s['nogc'])} | "
                     f"{s['nogc'] / s['plain']:.2f}× | {kb(s['plain-Os'])} | "
                     f"{kb(s['Os'])} | {s['Os'] / s['plain-Os']:.2f}× |")
    lines += [
        "",
        "Where the size goes: an inlined barrier fast path is about 250 "
        "bytes of code (the lock-word check, the read log, the redo buffer "
        "of a line the block holds), where the original has a 3-4 byte load "
        "or store; a call to the out-of-line barrier is about 20. At -O2 the "
        "fast paths are inlined into a block's own code and into loops; the "
        "straight-line code of the functions blocks call (their clones, or "
        "their code inlined into a block), clones reached only through "
        "pointers or from other modules, and all code optimized for size "
        "(`-Os`, `-Oz`) call the barriers instead (docs/pass.md). Each "
        "barrier also has a site, 40 bytes of read-only data naming the "
        "access for statistics and the conflict profiler (docs/abi.md), "
        "shared by the accesses of one function that name the same thing; "
        "its strings are offsets the linker resolves, so a "
        "position-independent program relocates nothing of them at load "
        "time.",
        "",
    ]
    with open(out, "w") as f:
        f.write("\n".join(lines))
    print("wrote", out)


if __name__ == "__main__":
    main()
