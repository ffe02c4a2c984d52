#!/bin/sh
# mutant.sh VM MUTANT.sed - one mutant kernel (label mutants): a typical
# student mistake, kept as a sed script against the kernel's sources so
# that it never drifts (its header names the files it changes, the
# assignment whose grader must catch it, and what that grader must say).
# The script is applied to the reference kernel of that assignment's kit
# (vm kit NAME --reference: the build's own kernel); every file it names
# must change, the kernel must still assemble, and vm grade with the
# assignment's spec must fail it, saying the expected words.  When the
# header says "# lint: WORDS", vm lint on a run of the demos must say them.
set -u
vm=$1 sed=$2
name=$(basename "$sed" .sed)
field() { sed -n "s/^# $1: //p" "$sed" | head -n 1; }
files=$(field file) assignment=$(field assignment) expect=$(field expect) lint=$(field lint)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "mutant.sh $name: $*" >&2; exit 1; }
[ -n "$files" ] && [ -n "$assignment" ] && [ -n "$expect" ] ||
	fail "the header must say '# file:', '# assignment:' and '# expect:'"

. "$(dirname "$0")/apply.sh"
apply_sed "$assignment" "$files"

(cd "$tmp/k" && "$vm" grade -j 2 grade.yaml) >"$tmp/grade.out" 2>&1
status=$?
[ "$status" = 1 ] || { cat "$tmp/grade.out" >&2; fail "vm grade exited with $status, not 1: not caught"; }
grep -qF -- "$expect" "$tmp/grade.out" ||
	{ cat "$tmp/grade.out" >&2; fail "caught, but vm grade does not say: $expect"; }
caught="grade"
if [ -n "$lint" ]; then
	# a run that exercises every assignment's part of the kernel
	"$vm" lint --max-instructions 20000000 "$tmp/k/default.bin" \
		--input 'letters\nspin 30000\nreloc\nevil-write\nalarm\nbigwrite 16\nexit\n' \
		>"$tmp/lint.out" 2>&1
	grep -qF -- "$lint" "$tmp/lint.out" ||
		{ cat "$tmp/lint.out" >&2; fail "vm lint does not say: $lint"; }
	caught="grade and lint"
fi
echo "mutant.sh $name: caught by $caught"
