#!/bin/sh
# record.sh BUILD NAME... - run the os test NAME as CTest would (its input,
# its vm run options from cases.txt) and write its console output to
# expected/NAME.out, then show it and the exit status.  Read it: a test is
# only as right as the output it was recorded from.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$1; shift
for name in "$@"; do
	line=$(grep "^$name[[:space:]]" "$here/cases.txt") || { echo "no case $name" >&2; exit 1; }
	set -- $line
	want=$2; shift 2
	"$build/vm" run --max-instructions 400000000 "$@" "$build/kernel.bin" \
		<"$here/cases/$name.in" >"$here/expected/$name.out"
	got=$?
	echo "=== $name (vm run $*): status $got, cases.txt says $want"
	cat "$here/expected/$name.out"
done
