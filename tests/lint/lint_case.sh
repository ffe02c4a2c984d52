#!/bin/sh
# lint_case.sh VM CASE.sed - one deliberately broken kernel (label lint):
# the sed script, applied to the files of the kernel's sources its header
# names, makes one mistake of limited direct execution; vm lint, run on
# the broken kernel with the header's input, must exit 1 and report
# exactly the header's codes, one of them with the header's words.
# The kernel's sources come from vm kit trap --reference (the build's own
# kernel, with its Makefile).  Header fields:
#   # file: FILE...      the kernel sources the script changes (each must change)
#   # input: TEXT        typed at the console (vm lint --input)
#   # codes: CODE...     every code vm lint must report, and no other
#                        ("none": no code at all)
#   # expect: WORDS      words one report line must hold
#   # status: N          vm lint's exit status (default 1; 0 for warnings only)
set -u
vm=$1 sed=$2
name=$(basename "$sed" .sed)
field() { sed -n "s/^# $1: //p" "$sed" | head -n 1; }
files=$(field file) input=$(field input) codes=$(field codes) expect=$(field expect)
want_status=$(field status)
want_status=${want_status:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "lint_case.sh $name: $*" >&2; exit 1; }
[ -n "$files" ] && [ -n "$codes" ] && [ -n "$expect" ] ||
	fail "the header must say '# file:', '# codes:' and '# expect:'"
. "$(dirname "$0")/../mutants/apply.sh"
apply_sed trap "$files"
"$vm" lint --max-instructions 50000000 --input "$input" "$tmp/k/default.bin" >"$tmp/out" 2>"$tmp/err"
status=$?
cat "$tmp/out"
[ "$status" = "$want_status" ] ||
	{ cat "$tmp/err" >&2; fail "vm lint exited with $status, not $want_status"; }
found=$(sed -n 's/^\(LDE[0-9]*\) .*/\1/p' "$tmp/out" | sort -u | tr '\n' ' ' | sed 's/ $//')
want=$(echo "$codes" | tr ' ' '\n' | sort -u | tr '\n' ' ' | sed 's/ $//')
[ "$want" = none ] && want=
[ "$found" = "$want" ] || fail "vm lint reported [$found], not [$want]"
grep -qF -- "$expect" "$tmp/out" || fail "no report says: $expect"
echo "lint_case.sh $name: ok ($found)"
