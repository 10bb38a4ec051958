#!/usr/bin/env bash
# Quick start: install what is missing, build AME into build/, run the demo.
#   ./quickstart.sh            # then: build/bin/ame-cc --help
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-deps.sh
cmake -S . -B build
cmake --build build -j "$(nproc)"

# The examples are part of the build; build the demo by hand if this tree's
# top-level CMakeLists.txt does not include examples/.
demo=build/examples/bank
if [ ! -x "$demo" ]; then
  mkdir -p build/examples
  build/bin/ame-cc -O2 -g examples/bank.c -o "$demo"
fi

echo
echo "== $demo: threads move money in atomic blocks, no locks"
"$demo"
# The programming model: a loop whose iterations run in parallel as atomic
# blocks and appear to run one after the other.
if [ -x build/examples/wordfreq ]; then
  echo
  echo "== build/examples/wordfreq: a loop over text chunks, each iteration an"
  echo "   atomic block on a worker pool, checked against the sequential loop"
  build/examples/wordfreq
fi
echo
echo "Next: build/bin/ame-cc --help, examples/README.md, docs/user-guide.md,"
echo "      ./run-tests.sh for the whole test suite."
