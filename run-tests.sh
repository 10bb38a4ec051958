#!/usr/bin/env bash
# Builds AME into build/ and runs the whole lit suite (pass, runtime, stress,
# end-to-end). Ends with "N passed, N failed"; exits non-zero on any failure.
#   ./run-tests.sh
set -uo pipefail
cd "$(dirname "$0")"

LIT=/usr/lib/llvm-19/build/utils/lit/lit.py

scripts/install-deps.sh --check >/dev/null 2>&1 || scripts/install-deps.sh ||
  exit 1
if ! { cmake -S . -B build && cmake --build build -j "$(nproc)"; }; then
  echo "run-tests: the build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

log=build/lit.log
python3 "$LIT" -sv build/test 2>&1 | tee "$log"
lit_status=${PIPESTATUS[0]}

# lit's summary lines look like "  Passed           : 120 (95.24%)".
count() {
  sed -n -E "s/^ *$1 *: *([0-9]+).*/\\1/p" "$log" | tail -n 1 | grep . || echo 0
}
passed=$(count 'Passed')
failed=$(($(count 'Failed') + $(count 'Unresolved') + $(count 'Timed Out') +
  $(count 'Unexpectedly Passed')))
unsupported=$(count 'Unsupported')
xfail=$(count 'Expectedly Failed')

if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
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
