#!/usr/bin/env bash
# Builds AME into build/ and runs the whole lit suite (pass, runtime, stress,
# end-to-end). Ends with "N passed, N failed"; exits non-zero on any failure.
#   ./run-tests.sh
set -uo pipefail
cd "$(dirname "$0")"

LIT=/usr/lib/llvm-19/build/utils/lit/lit.py
# Debian's lit and python3-psutil belong to the system's Python, which a
# python3 found earlier in PATH (pyenv, a virtualenv) may not see.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

scripts/install-deps.sh --check >/dev/null 2>&1 || scripts/install-deps.sh ||
  exit 1
if ! { cmake -S . -B build && cmake --build build -j "$(nproc)"; }; then
  echo "run-tests: the build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# A hung test must not hang CI: lit's own per-test limit when it can use it
# (needs the psutil module), and a limit on the whole run in any case.
lit_args=(-sv build/test)
"$PY" -c 'import psutil' 2>/dev/null && lit_args+=(--timeout=600)
suite_limit=1800 # seconds

log=build/lit.log
timeout "$suite_limit" "$PY" "$LIT" "${lit_args[@]}" 2>&1 | tee "$log"
lit_status=${PIPESTATUS[0]}
if [ "$lit_status" -eq 124 ]; then
  echo "run-tests: lit stopped after $suite_limit s (a test hangs?)"
fi

# lit's summary lines look like "  Passed           : 120 (95.24%)".
count() {
  sed -n -E "s/^ *$1 *: *([0-9]+).*/\\1/p" "$log" | tail -n 1 | grep . || echo 0
}
passed=$(count 'Passed')
failed=$(($(count 'Failed') + $(count 'Unresolved') + $(count 'Timed Out') +
  $(count 'Unexpectedly Passed')))
unsupported=$(count 'Unsupported')
xfail=$(count 'Expectedly Failed')

if [ "$lit_status" -eq 124 ]; then
  failed=$((failed + 1)) # the run that did not finish
elif [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "run-tests: lit ran no tests (exit status $lit_status)"
  failed=1
elif [ "$lit_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "run-tests: lit failed (exit status $lit_status)"
  failed=1
fi

summary="$passed passed, $failed failed"
[ "$unsupported" -gt 0 ] && summary+=", $unsupported unsupported"
[ "$xfail" -gt 0 ] && summary+=", $xfail expectedly failed"
echo "$summary"
[ "$failed" -eq 0 ]
