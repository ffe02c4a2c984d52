#!/bin/sh
# many_findings.sh VM SRCDIR - vm lint keeps the first 1000 distinct findings
# and counts the rest: on many_findings.s (a new LDE002 cause at every
# return to user mode), 2,000,000 instructions end in seconds with exactly
# 1000 findings listed, the line that counts the others, and the same count
# as "unlisted" in --json.  Each run has a time limit: the search among
# findings was once quadratic.
set -u
vm=$1 src=$2
fail() { echo "many_findings.sh: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$vm" asm -o "$tmp/k.bin" "$src/tests/lint/many_findings.s" || fail "it does not assemble"
timeout 60 "$vm" lint --max-instructions 2000000 "$tmp/k.bin" >"$tmp/out" 2>/dev/null
status=$?
[ $status -eq 1 ] || fail "status $status, not 1 (errors found)"
n=$(grep -c '^LDE002' "$tmp/out")
[ "$n" -eq 1000 ] || fail "$n LDE002 findings listed, not 1000"
more=$(sed -n 's/^vm lint: and \([0-9][0-9]*\) more reports of causes not listed (only the first 1000 distinct ones are kept)$/\1/p' "$tmp/out")
[ -n "$more" ] && [ "$more" -gt 0 ] || fail "no line counting the findings not listed"
timeout 60 "$vm" lint --json --max-instructions 2000000 "$tmp/k.bin" >"$tmp/json" 2>/dev/null
grep -q "\"unlisted\":[[:space:]]*$more[,}]" "$tmp/json" || fail "--json does not say unlisted: $more"
echo "many_findings.sh: 1000 listed, $more more counted"
