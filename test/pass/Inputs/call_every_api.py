"""Writes a C file whose one atomic block calls every function that the
header given as argv[1] declares (names beginning with ame_), each with
zero or a dummy function for its arguments, inside a branch never taken."""
import re
import sys

header = open(sys.argv[1]).read()
header = re.sub(r"/\*.*?\*/", "", header, flags=re.S)
header = re.sub(r"^\s*#(?:.*\\\n)*.*$", "", header, flags=re.M)  # no macros
decls = []
for stmt in re.sub(r"\s+", " ", header).split(";"):
    m = re.match(r"^[^()]*?\b(ame_\w+)\((.*)\)\s*$", stmt.split("{")[-1].split("}")[-1].strip())
    if m:
        decls.append((m.group(1), m.group(2)))


def params(text):
    """Splits a parameter list at its top-level commas."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    if cur.strip():
        out.append(cur.strip())
    return [p for p in out if p != "void"]


print("#include <ame.h>\n#include <stddef.h>\nstatic volatile int never;")
print("static void body(size_t i, void *c) { (void)i; (void)c; }")
print("static void task(void *a) { (void)a; }")
print("void every(void) {\n  ame_atomic {\n    if (never) {")
names = set()
for name, plist in decls:
    names.add(name)
    args = []
    for p in params(plist):
        if "(*" in p:
            args.append("body" if "size_t" in p else "task")
        else:
            args.append("0")
    print(f"      (void)({name}({', '.join(args)}));")
print("    }\n  }\n}")
if len(names) < 10:
    sys.exit("call_every_api.py: found only %d ame_ functions" % len(names))
