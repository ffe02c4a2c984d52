#!/bin/sh
# added_program.sh VM SRCDIR - a program added to the default image (vm
# image, as vm run --add and vm dap's "add" do) is known to vm debug by its
# name and its source lines, though the kernel already carries 32 others
# (the engine once kept the symbols of 32 programs at the most).
set -u
vm=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's/hello, world/hello, added/' "$src/programs/hello.s" >"$tmp/greet.s"
"$vm" image -o "$tmp/x.bin" "$tmp/greet.s" 2>/dev/null || { echo "vm image failed"; exit 1; }
n=$("$vm" disasm --files "$tmp/x.bin" | grep -c ' image$')
[ "$n" -gt 32 ] || { echo "only $n programs: the test wants more than 32"; exit 1; }
out=$(printf 'break greet:main\nbreak greet.s:10\ncontinue\n' |
	"$vm" debug --input 'greet\nexit\n' "$tmp/x.bin" 2>&1)
printf '%s\n' "$out" | grep -q '^Breakpoint 1 at greet:main' || { printf '%s\n' "$out"; exit 1; }
printf '%s\n' "$out" | grep -q '^Breakpoint 2 at greet.s:10' || { printf '%s\n' "$out"; exit 1; }
printf '%s\n' "$out" | grep -q 'greet.s:8' || { printf '%s\n' "$out"; echo "the stop is not shown at greet.s:8"; exit 1; }
echo "added_program.sh: the 33rd program's label and lines"
