#!/bin/sh
# control.sh VM KERNEL - the kernel keeps control (docs/kernel.md,
# "Interrupts off, never for long").  KERNEL is the kernel with bigload, a
# program with 2 MiB to load, in its file table.
#
# 1. A long write, a big sbrk, a fork of a large process and an exec of a
#    large program, one after the other beside `spin`, a process that never
#    makes a system call.  From vm run --stats and --trace:
#    - the longest stretch in kernel mode with interrupts off is below
#      20000 instructions (two default quanta);
#    - each of the four calls was preempted midway at least once;
#    - spin kept getting its quanta: never more than 30000 instructions
#      between two of its dispatches (its quantum, the other's, and at
#      most a chunk's delay);
#    - every byte of the write arrived once, in order;
#    - a process dispatched by a switch is never interrupted by the timer
#      before its first instruction (a fresh quantum starts clean).
# 2. A process killed in the middle of a long sbrk, fork or exec gives back
#    everything: the call stops at its next preemption point, the
#    half-made child (fork) or new memory (exec) is freed, and power-off
#    finds every slot and all process memory free.
set -u
vm=$1 kernel=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bound=20000 gap_max=30000 failed=0

fail() { echo "control: $*" >&2; failed=1; }

# ---- 1. Long calls beside a CPU-bound process ------------------------------
kib=4096
printf 'spin &\nbigwrite %d\nbigmem %d\nbigload\nexit\n' $kib $kib >"$tmp/in"
"$vm" run --stats --trace="$tmp/trace" --max-instructions 400000000 "$kernel" \
	<"$tmp/in" >"$tmp/out" 2>"$tmp/err"
st=$?
[ $st -eq 0 ] || fail "the run exited with status $st"

masked=$(awk '/^interrupts off, most/ { print $4 }' "$tmp/err")
[ -n "$masked" ] || fail "no 'interrupts off' line in vm run --stats"
if [ -n "$masked" ] && [ "$masked" -ge $bound ]; then
	fail "the kernel kept interrupts off for $masked instructions (at most $bound)"
fi

for call in write sbrk fork exec; do
	grep -q "preempted inside syscall $call:" "$tmp/trace" ||
		fail "no preemption inside a $call: it ran to its end with interrupts off"
done

# spin is pid 3 (the shell's first child); its dispatches while it lives.
gap=$(awk '$2 == "[os]" && ($3 == "switch" || $3 == "continue") && $6 == "3" {
		if (last != "" && $1 - last > max) max = $1 - last; last = $1 }
	   $2 == "[os]" && $3 == "pid" && $4 == "3" && $5 == "exited" { exit }
	   END { print max + 0 }' "$tmp/trace")
[ "$gap" -gt 0 ] || fail "spin was never dispatched twice"
[ "$gap" -lt $gap_max ] ||
	fail "spin waited $gap instructions for the CPU (at most $gap_max): it lost its quanta"

# bigwrite's lines: 63 letters and a newline, 'a' + k % 26, each once.
lines=$((kib * 1024 / 64))
got=$(grep -E '^[a-z]{63}$' "$tmp/out" | awk -v n=$lines '
	{ want = sprintf("%c", 97 + (NR - 1) % 26)
	  if (substr($0, 1, 1) != want || $0 !~ "^" want "+$") { print "line " NR " is wrong"; exit } }
	END { if (NR != n) print NR " lines, not " n }')
[ -z "$got" ] || fail "the big write's bytes: $got"
grep -q "^bigwrite: write(1, buf, $((kib * 1024))) returned $((kib * 1024))$" "$tmp/out" ||
	fail "bigwrite did not write all its bytes"
grep -q "^bigload: loaded; first word 0xf1257, last word 0x1a57$" "$tmp/out" ||
	fail "exec did not load all of bigload"
grep -q "^kernel: power off, status 0 (16/16 process slots free, all process memory free)$" "$tmp/out" ||
	fail "power-off did not find everything free"

late=$(awk '$2 == "[os]" && $3 == "switch" { fresh = 1; next }
	    fresh && $2 == "[hw]" && $3 == "return-from-trap" { at = $1; fresh = 0; next }
	    at != "" && $2 == "[hw]" && $3 == "timer" && $1 == at { print $1; exit }
	    $2 == "[hw]" { at = "" }' "$tmp/trace")
[ -z "$late" ] || fail "at instruction $late a freshly dispatched process was interrupted at once (a stale timer)"

# ---- 2. Killed in the middle of a long call ---------------------------------
# killed_midway NAME SPIN CALL LINE: `LINE &`, then `spin SPIN` in the
# foreground (time for pid 3 to get into CALL), then `kill 3`.
killed_midway() {
	name=$1 spin=$2 call=$3 line=$4
	printf '%s &\nspin %d\nkill 3\nexit\n' "$line" "$spin" >"$tmp/in"
	"$vm" run --trace="$tmp/trace" --max-instructions 400000000 "$kernel" \
		<"$tmp/in" >"$tmp/out" 2>/dev/null
	in_call=$(awk '$2 == "[os]" && $3 == "pid" && $4 == "3" && $5 == "preempted" { c = $8 }
		       $2 == "[os]" && $5 == "kills" && $7 == "3" { sub(":", "", c); print c; exit }' "$tmp/trace")
	[ "$in_call" = "$call" ] ||
		fail "$name: pid 3 was killed in '${in_call:-no call}', not in the middle of $call (adjust the spin)"
	grep -q '\[os\] pid 3 exited with status -1$' "$tmp/trace" || fail "$name: pid 3 did not exit with -1"
	grep -q "^kernel: power off, status 0 (16/16 process slots free, all process memory free)$" "$tmp/out" ||
		fail "$name: something the call took was not given back: $(tail -1 "$tmp/out")"
}
killed_midway sbrk 1000 sbrk "bigmem $kib"
killed_midway fork 1600000 fork "bigmem $kib"
grep -q '\[os\] remove pid 5 from the process list, with any memory it still holds$' "$tmp/trace" ||
	fail "fork: the half-made child (pid 5) was not freed"
killed_midway exec 300000 exec bigload

[ $failed -eq 0 ] && echo "control: the kernel kept control (interrupts off at most $masked instructions; spin waited at most $gap)"
exit $failed
