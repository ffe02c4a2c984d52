#!/bin/sh
# setup.sh - everything from a fresh clone: install missing Debian packages
# (as root; otherwise it prints the command), build into build/, and run the
# default image with build/vm.  Extra arguments go to `vm run`.
set -eu
cd "$(dirname "$0")"
sh scripts/deps.sh
cmake -S . -B build
cmake --build build -j "$(nproc 2>/dev/null || echo 2)"
exec ./build/vm run "$@"
