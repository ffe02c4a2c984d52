#!/bin/sh
# lint_clean.sh VM DEFAULT.bin TRAPDEMO.bin LINT.md - our kernel lints clean, with
# the shell alone and with each demo typed at it (vm lint exits 0 and says
# "clean"), and so does vm run --lint; the report's other forms work: --json
# and --list; a kernel without the process table's symbols (trapdemo) gets
# the note, and trapdemo's first act, run without a timer, is LDE002; and
# docs/lint.md has a section for every rule vm lint --list lists.
set -u
vm=$1 image=$2 trapdemo=$3 doc=$4
fail() { echo "lint_clean.sh: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for input in '' 'hello' 'letters 20 300' 'spin &\nps\nkill -1' 'alarm' 'alarm0' 'bigwrite' \
	'bigmem' 'reloc' 'evil-kmem' 'evil-peek' 'evil-write' 'evil-priv' 'badcalls' 'forkbomb' \
	'hog' 'sleep 3' 'echo a b' 'divzero' 'crash' 'coop' 'orphan' 'runaway' \
	'lat_syscall 1000' 'lat_ctx 100' 'cat\nabc'; do
	"$vm" lint --input "$input\nexit\n" "$image" >"$tmp/out" 2>&1
	status=$?
	[ "$status" = 0 ] && grep -q '^vm lint: clean:' "$tmp/out" ||
		{ cat "$tmp/out" >&2; fail "'$input' does not lint clean (status $status)"; }
done
printf 'hello\nexit\n' | "$vm" run --lint "$image" >/dev/null 2>"$tmp/err" ||
	fail "vm run --lint failed"
grep -q '^vm lint: clean:' "$tmp/err" || { cat "$tmp/err" >&2; fail "vm run --lint: no clean report"; }
"$vm" lint --json --input 'hello\nexit\n' "$image" >"$tmp/json" || fail "vm lint --json failed"
grep -q '"schema":"ldx-lint".*"process_table":true,"errors":0,"warnings":0,"unlisted":0,"findings":\[\]' "$tmp/json" ||
	{ cat "$tmp/json" >&2; fail "vm lint --json: not a clean report"; }
n=$("$vm" lint --list | grep -c '^LDE[0-9]')
[ "$n" -ge 12 ] || fail "vm lint --list lists $n rules"
"$vm" lint "$trapdemo" >"$tmp/out" 2>&1
status=$?
[ "$status" = 1 ] || fail "trapdemo: status $status, not 1"
grep -q '^vm lint: note: no process table' "$tmp/out" || fail "trapdemo: no note"
grep -q '^LDE002 error: .* pid 1 enters user mode with the timer not armed' "$tmp/out" ||
	{ cat "$tmp/out" >&2; fail "trapdemo: no LDE002"; }
for code in $("$vm" lint --list | sed -n 's/^\(LDE[0-9]*\) .*/\1/p'); do
	anchor=$(echo "$code" | tr 'A-Z' 'a-z')
	grep -q "^<a id=\"$anchor\"></a>\$" "$doc" && grep -q "^### $code: " "$doc" ||
		fail "docs/lint.md has no section $code (<a id=\"$anchor\"></a> and ### $code:)"
done
echo "lint_clean.sh: ok"
