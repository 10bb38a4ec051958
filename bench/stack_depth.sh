#!/bin/bash
# bench/stack_depth.sh - How deep a block may recurse: frame sizes of two
# recursive functions (stack_depth.c) and of their transactional clones
# (-fstack-usage), and the deepest recursion that fits in an 8 MiB stack
# outside and inside a block, at -O0 and -O2.
#   bench/stack_depth.sh [--ame-build build] [-- extra ame-cc flags]
# Takes a few seconds. Not a test: it asserts nothing.
set -eu

ame_build=build
while [ $# -gt 0 ]; do
  case $1 in
  --ame-build) ame_build=$2; shift 2 ;;
  --) shift; break ;;
  *) echo "usage: $0 [--ame-build DIR] [-- ame-cc flags]" >&2; exit 2 ;;
  esac
done
extra=("$@")
here=$(cd "$(dirname "$0")" && pwd)
cc=$(cd "$ame_build" && pwd)/bin/ame-cc
[ -x "$cc" ] || { echo "$cc not found: build AME first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ulimit -c 0

# Exit status 0 if DEPTH levels fit (a stack overflow is a SIGSEGV).
fits() { ("$1" "$2" "$3" "$4") >/dev/null 2>&1; }

# The largest depth that fits, to within 1%.
max_depth() {
  local bin=$1 shape=$2 mode=$3 lo=0 hi=1000
  while fits "$bin" "$shape" "$mode" "$hi"; do
    lo=$hi
    hi=$((hi * 2))
  done
  while [ $((hi - lo)) -gt $((lo / 100 + 1)) ]; do
    local mid=$(((lo + hi) / 2))
    if fits "$bin" "$shape" "$mode" "$mid"; then lo=$mid; else hi=$mid; fi
  done
  echo "$lo"
}

frame() { awk -F'\t' -v f="$2" '{ n = $1; sub(/.*:/, "", n) } n == f { print $2 }' "$1"; }

row='%-4s %-6s %6s %6s %12s %12s %8s %8s\n'
printf "$row" opt fn frame clone 'plain depth' 'block depth' 'plain B' 'block B'
for opt in -O0 -O2; do
  (cd "$work" && "$cc" "$opt" "${extra[@]}" -fstack-usage -c \
    "$here/stack_depth.c" -o sd.o && "$cc" sd.o -o "sd$opt")
  for fn in walk parse; do
    plain=$(max_depth "$work/sd$opt" "$fn" plain)
    block=$(max_depth "$work/sd$opt" "$fn" block)
    stack=$((8 << 20))
    printf "$row" "$opt" "$fn" "$(frame "$work/sd.su" "$fn")" \
      "$(frame "$work/sd.su" "$fn.ame.tx")" "$plain" "$block" \
      $((stack / plain)) $((stack / block))
  done
done
echo "frame, clone: -fstack-usage bytes (without the return address);"
echo "B: stack bytes per recursion level in an 8 MiB stack"
