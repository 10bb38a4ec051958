#!/usr/bin/env bash
#===- install-deps.sh - install what building and testing AME needs ---------===#
#
# Debian 12 (bookworm): installs only the packages that are missing, so it is
# quick and safe to run again. Uses sudo only when not run as root.
#
#   scripts/install-deps.sh          # install what is missing
#   scripts/install-deps.sh --check  # only report; exit 1 if something is missing
#===----------------------------------------------------------------------===#
set -euo pipefail

# clang-19 + llvm-19-dev: the compiler that loads the plugin and the LLVM it is
# built against; llvm-19-tools: lit and FileCheck; libclang-rt-19-dev: the
# sanitizer runtimes (ASan/UBSan test variants); cmake: the build; csmith +
# libcsmith-dev: random programs and their csmith.h for test/csmith;
# zlib1g-dev: a real library built without AME, called from blocks
# (test/e2e/debian_library_zlib.c); python3-psutil: lit's per-test time
# limit (run-tests.sh), so that a hung test fails by name instead of
# stopping the whole run; valgrind: programs built with ame-cc run under
# memcheck (test/e2e/valgrind_memcheck.c).
packages=(clang-19 llvm-19-dev llvm-19-tools libclang-rt-19-dev cmake csmith
  libcsmith-dev zlib1g-dev python3-psutil valgrind)
command -v python3 >/dev/null 2>&1 || packages+=(python3)  # runs lit
command -v make >/dev/null 2>&1 || command -v ninja >/dev/null 2>&1 ||
  packages+=(make)
# CMake's C++ checks need a C++ compiler and its standard library; gcc and g++
# also compile the header portability test.
command -v g++ >/dev/null 2>&1 || packages+=(g++)

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps: this script knows Debian/Ubuntu (apt); install by hand:" >&2
  echo "  ${packages[*]}" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  is_installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all present (${packages[*]})"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  echo "install-deps: missing: ${missing[*]}"
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  }
  sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y \
  --no-install-recommends "${missing[@]}"
