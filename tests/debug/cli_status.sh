#!/bin/sh
# cli_status.sh VM IMAGE - vm debug's command line: its exit statuses (64
# usage, 65 invalid image, 66 unreadable file, 1 for a failed command under
# -batch), -ex and -x in order, --input-file, --help.
set -u
vm=$1 image=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect STATUS OUTPUT-PATTERN command...: the status, and a line of the
# output (stdout and stderr) that matches the pattern (grep -E).
expect() {
	want=$1 pattern=$2
	shift 2
	"$@" </dev/null >"$tmp/out" 2>&1
	got=$?
	if [ "$got" != "$want" ] || ! grep -Eq -- "$pattern" "$tmp/out"; then
		echo "FAIL: $* -> status $got (want $want), output:" >&2
		head -5 "$tmp/out" >&2
		echo "  (wanted a line matching: $pattern)" >&2
		fail=1
	fi
}

expect 0 '^usage: vm debug' "$vm" debug --help
expect 64 "unknown option '--bogus'" "$vm" debug --bogus "$image"
expect 64 'needs a value' "$vm" debug "$image" -ex
expect 64 'only one image' "$vm" debug "$image" "$image"
expect 64 'at least 1M' "$vm" debug --history-mem 10 "$image"
expect 66 'nosuch.bin' "$vm" debug "$tmp/nosuch.bin"
printf 'not an image' >"$tmp/bad.bin"
expect 65 'bad.bin' "$vm" debug "$tmp/bad.bin"
expect 66 'nosuch.cmds' "$vm" debug -batch -x "$tmp/nosuch.cmds" "$image"
expect 1 "error: no symbol 'nosuch'" "$vm" debug -batch -ex 'print nosuch' "$image"
expect 0 '^\$1 = 3 ' "$vm" debug -batch -ex 'print 1 + 2' "$image"
# -x and -ex in the order given, then standard input unless -batch
printf 'print 2\n' >"$tmp/two.cmds"
"$vm" debug -ex 'print 1' -x "$tmp/two.cmds" -ex 'print 3' "$image" >"$tmp/out" 2>&1 <<EOF2
print 4
EOF2
printf '(vm) print 1\n$1 = 1 (0x00000001)\n(vm) print 2\n$2 = 2 (0x00000002)\n(vm) print 3\n$3 = 3 (0x00000003)\n(vm) print 4\n$4 = 4 (0x00000004)\n' >"$tmp/want"
if ! cmp -s "$tmp/want" "$tmp/out"; then
	echo "FAIL: -ex, -x, -ex, then standard input, in order:" >&2
	diff "$tmp/want" "$tmp/out" >&2
	fail=1
fi
# the console's input from a file
printf 'hello\nexit\n' >"$tmp/in.txt"
expect 0 '^hello, world' "$vm" debug --input-file "$tmp/in.txt" -batch -ex continue "$image"
expect 66 'nosuch.txt' "$vm" debug --input-file "$tmp/nosuch.txt" "$image"
# without input the shell sees end of input at once, and the kernel powers off
expect 0 'powered off, exit status' "$vm" debug -batch -ex continue "$image"
exit $fail
