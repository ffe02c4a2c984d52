#!/bin/sh
# expect.sh - run a command and compare its exit status, standard output and
# standard error with what is expected, exactly.
#
#   expect.sh [--status N] [--stdin FILE] [--stdout FILE|-] [--stderr TEXT]
#             [--stderr-file FILE] -- command args...
#
# --stdout FILE compares with a file's contents; --stderr TEXT with one line.
# What is not named is not compared (except the status, 0 by default).
set -u
status=0 stdin=/dev/null stdout= stderr= stderr_file=
while [ $# -gt 0 ]; do
	case $1 in
	--status) status=$2; shift 2 ;;
	--stdin) stdin=$2; shift 2 ;;
	--stdout) stdout=$2; shift 2 ;;
	--stderr) stderr=$2; shift 2 ;;
	--stderr-file) stderr_file=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "expect.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$@" <"$stdin" >"$tmp/out" 2>"$tmp/err"
got=$?
fail=0
if [ "$got" != "$status" ]; then
	echo "exit status: expected $status, got $got" >&2
	fail=1
fi
if [ -n "$stdout" ] && ! cmp -s "$stdout" "$tmp/out"; then
	echo "standard output differs from $stdout:" >&2
	diff "$stdout" "$tmp/out" | head -40 >&2
	fail=1
fi
if [ -n "$stderr" ]; then
	printf '%s\n' "$stderr" >"$tmp/want_err"
	stderr_file=$tmp/want_err
fi
if [ -n "$stderr_file" ] && ! cmp -s "$stderr_file" "$tmp/err"; then
	echo "standard error differs:" >&2
	diff "$stderr_file" "$tmp/err" | head -40 >&2
	fail=1
fi
if [ $fail -ne 0 ]; then
	echo "command: $*" >&2
	echo "--- its stderr:" >&2
	head -20 "$tmp/err" >&2
fi
exit $fail
