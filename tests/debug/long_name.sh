#!/bin/sh
# long_name.sh VM SRCDIR - a program whose name is longer than the kernel
# keeps in a PCB (PNAME_BYTES - 1 = 15 bytes: my_first_program runs as
# my_first_progra) is still known to vm debug as the process runs: its
# breakpoint by label and by FILE:LINE hit, the stop shows its source line,
# x reads its label in that process.  The engine once compared the cut name
# with the program's and never stopped; a breakpoint kept 31 bytes of a
# program's name, and PROG:FILE looked for 63.  Both lengths are tried: 16
# and 70 bytes.
set -u
vm=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

try() {
	name=$1
	sed 's/hello, world/hello, long/' "$src/programs/hello.s" >"$tmp/$name.s"
	"$vm" image -o "$tmp/x.bin" "$tmp/$name.s" 2>/dev/null || { echo "vm image failed"; exit 1; }
	out=$(printf 'break %s:main\nbreak %s.s:9\ncontinue\ninfo line\nx/1i %s:main\ncontinue\n' "$name" "$name" "$name" |
		"$vm" debug --input "$name\\nexit\\n" "$tmp/x.bin" 2>&1)
	check "^Breakpoint 1, $name:main\$" "the breakpoint on its label did not hit"
	check "$name.s:8	" "the stop is not shown at its source line"
	check "is line 8 of \".*$name.s\"" "info line does not know the line"
	check '^=> 0x[0-9a-f]\{8\} <main>:  addi' "x does not read the label in the running process"
	check "^Breakpoint 2, $name.s:9\$" "the breakpoint on its line did not hit"
}

check() {
	printf '%s\n' "$out" | grep -q "$1" && return
	printf '%s\n' "$out"
	echo "long_name.sh: $name: $2"
	exit 1
}

try my_first_program
try "$(printf 'q%.0s' $(seq 70))"
echo "long_name.sh: programs of 16- and 70-byte names, stopped at their labels and lines"
