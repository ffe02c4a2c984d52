#!/bin/sh
# selfloop.sh VM - a step back through a line that runs many times in a
# row (a program that is one `j .`) ends after 64 instructions (each step
# back replays from a snapshot: the whole loop would take minutes), and a
# step over it (next, over the timer's interrupts) after 100,000.
set -u
vm=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '\t.text\nmain:\nselfloop:\tj\tselfloop\n' >"$tmp/selfloop.s"
"$vm" image -o "$tmp/x.bin" "$tmp/selfloop.s" 2>/dev/null || { echo "vm image failed"; exit 1; }
out=$(printf 'break selfloop:selfloop\ncontinue\ndelete\nstepi 50000\nwhen\nreverse-step\nwhen\nnext\nwhen\n' |
	"$vm" debug --input 'selfloop\n' "$tmp/x.bin" 2>&1)
steps=$(printf '%s\n' "$out" | sed -n 's/^step \([0-9]*\),.*/\1/p' | tr '\n' ' ')
set -- $steps
[ $# -eq 3 ] && [ $(($1 - $2)) -eq 64 ] && [ $(($3 - $2)) -ge 100000 ] && [ $(($3 - $2)) -lt 200000 ] ||
	{ printf '%s\n' "$out" | tail -12; echo "steps: $steps (want N, N-64, then 100,000 nexti on: interrupts passed over add their own)"; exit 1; }
echo "selfloop.sh: back 64, forward 100,000 nexti"
