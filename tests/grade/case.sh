#!/bin/sh
# case.sh VM CHECK SPEC DIR STATUS EXPECTED [OPTION...] - one of vm grade's
# own tests (cases.txt): vm grade SPEC, its relative paths from DIR, for
# the tests EXPECTED names, with the OPTIONs.  vm grade's exit status must be STATUS, and its
# results.json what EXPECTED says (check_results: Gradescope's format, and
# each test's verdict, points and explanation).
set -u
vm=$1 check=$2 spec=$3 dir=$4 status=$5 expected=$6
shift 6
options=$*	# words without spaces, for this suite
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the tests to run: the names of EXPECTED's "== NAME: failed 0/2" lines
sed -n 's/^== \(.*\): [a-z]* [0-9.]*\/[0-9.]*$/\1/p' "$expected" >"$tmp/names"
set -- $options "$spec"
while IFS= read -r name; do
	set -- "$@" "$name"
done <"$tmp/names"
"$vm" grade -j 2 --json "$tmp/results.json" --dir "$dir" "$@" >"$tmp/table" 2>"$tmp/err"
got=$?
fail=0
if [ "$got" != "$status" ]; then
	echo "case.sh: vm grade exited with $got, expected $status" >&2
	fail=1
fi
if ! "$check" "$tmp/results.json" "$expected"; then
	fail=1
fi
if [ $fail != 0 ]; then
	cat "$tmp/err" "$tmp/table" >&2
fi
exit $fail
