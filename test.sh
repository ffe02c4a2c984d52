#!/bin/sh
# test.sh - the whole test suite, three times: the normal build (build/),
# AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/), and the
# plain-switch interpreter built by gcc (build-switch/; the other two use
# clang when it is there).  Stops at the first failure.
set -eu
cd "$(dirname "$0")"
sh scripts/deps.sh
jobs="$(nproc 2>/dev/null || echo 2)"

suite() {
	dir=$1; shift
	echo "== $dir: $*"
	cmake -S . -B "$dir" "$@" >/dev/null
	cmake --build "$dir" -j "$jobs"
	ctest --test-dir "$dir" --output-on-failure -j "$jobs"
}

suite build
suite build-asan -DVM_SANITIZE=ON
suite build-switch -DVM_DISPATCH=switch -DCMAKE_C_COMPILER=gcc
echo "== all suites passed"
