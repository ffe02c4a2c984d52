#!/bin/sh
# check.sh - the correctness check of one benchmark of bench/ (CTest label
# bench): it must print exactly the expected result for a small R.
#
#   check.sh guest VM KERNEL NAME R EXPECTED
#       types "NAME R" and "exit" at the shell of the real kernel; the line
#       the program prints must be EXPECTED and the machine must power off
#       with status 0.
#   check.sh native PROGRAM R EXPECTED
#       runs the host's version; its output must be EXPECTED, status 0.
#
# EXPECTED may also be a whole line such as a usage message.  Speed is never
# judged here: that is bench/run's job.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case ${1-} in
guest)
	vm=$2 kernel=$3 name=$4 reps=$5 want=$6
	printf '%s %s\nexit\n' "$name" "$reps" >"$tmp/in"
	"$vm" run --max-instructions 2000000000 "$kernel" <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
	status=$?
	# The line after the shell's echo of the command is the program's.
	got=$(awk -v cmd="\$ $name $reps" '$0 == cmd { getline; print; exit }' "$tmp/out")
	;;
native)
	prog=$2 reps=$3 want=$4
	"$prog" "$reps" >"$tmp/out" 2>"$tmp/err"
	status=$?
	got=$(cat "$tmp/out")
	;;
*)
	echo "usage: check.sh guest VM KERNEL NAME R EXPECTED | native PROGRAM R EXPECTED" >&2
	exit 2
	;;
esac

if [ "$status" -ne 0 ] || [ "$got" != "$want" ]; then
	echo "check.sh $1: expected '$want' and status 0, got '$got' and status $status" >&2
	echo "--- output:" >&2
	head -20 "$tmp/out" >&2
	echo "--- errors:" >&2
	head -20 "$tmp/err" >&2
	exit 1
fi
echo "$1: '$got'"
