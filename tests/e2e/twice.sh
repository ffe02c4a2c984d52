#!/bin/sh
# twice.sh - run `vm run --trace=FILE ARGS...` twice with the same input and
# fail unless console output, trace and exit status are byte-identical.
#   twice.sh VM STDIN ARGS...
set -u
vm=$1 input=$2; shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in 1 2; do
	"$vm" run --trace="$tmp/trace$i" "$@" <"$input" >"$tmp/out$i" 2>&1
	echo $? >"$tmp/status$i"
done
for f in trace out status; do
	if ! cmp -s "$tmp/${f}1" "$tmp/${f}2"; then
		echo "the two runs differ in $f:" >&2
		diff "$tmp/${f}1" "$tmp/${f}2" | head -20 >&2
		exit 1
	fi
done
[ -s "$tmp/trace1" ] || { echo "empty trace" >&2; exit 1; }
echo "identical: $(wc -l <"$tmp/trace1") trace lines, status $(cat "$tmp/status1")"
