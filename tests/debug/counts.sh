#!/bin/sh
# counts.sh VM IMAGE - vm debug at the ends of its counts, each session
# under a time limit, so that a hang fails here rather than at ctest's
# timeout.
set -u
vm=$1 image=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# session NAME PATTERN ARGS...: vm debug -batch ARGS on IMAGE ends within
# 60 seconds, with status 0, and prints a line that matches PATTERN.
session() {
	name=$1 pattern=$2
	shift 2
	timeout 60 "$vm" debug -batch "$@" "$image" </dev/null >"$tmp/out" 2>&1
	got=$?
	if [ "$got" != 0 ] || ! grep -Eq -- "$pattern" "$tmp/out"; then
		echo "FAIL: $name: status $got (124: it did not end), output:" >&2
		tail -8 "$tmp/out" >&2
		echo "  (wanted status 0 and a line matching: $pattern)" >&2
		fail=1
	fi
}

# The largest count there is, from a step past 0 or at the end of the run:
# the step it asks for is past the end of any run, so the run goes to its
# end (it wrapped around to a step already passed: stepi did nothing, and
# goto never ended).
session 'stepi 2^64-1 from step 10' 'the machine powered off' \
	--input 'exit\n' -ex 'stepi 10' -ex 'stepi 18446744073709551615' -ex when
session 'goto 2^64-1 at the end' '^step ([0-9]+), .*as far as step \1\)' \
	--input 'exit\n' -ex continue -ex 'goto 18446744073709551615' -ex when
# More points than delete's list of them had room for (256 ids on its
# stack: catchpoints have no limit), then all deleted at once.
i=0
while [ $i -lt 300 ]; do
	echo 'catch timer'
	i=$((i + 1))
done >"$tmp/many.cmds"
session 'delete 300 catchpoints' '^No breakpoints, watchpoints or catchpoints' \
	-x "$tmp/many.cmds" -ex delete -ex 'info breakpoints'
exit $fail
