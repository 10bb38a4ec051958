#!/bin/sh
# bench/run.sh - Build and run every benchmark four ways, write docs/performance.md.
#   bench/run.sh [--quick] [--ame-build build] [--only demo,micro,bank,transfer,list,hash,mlp,long,coldwrite,parloop,shapes]
# Options: bench/run.sh --help. Details: bench/README.md.
exec python3 "$(dirname "$0")/run.py" "$@"
