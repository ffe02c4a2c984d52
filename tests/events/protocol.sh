#!/bin/sh
# protocol.sh VM KERNEL TRAPDEMO CHECK DIR - vm protocol prints both of
# OSTEP's limited-direct-execution tables (DIR/seed_lde.txt, DIR/
# seed_lde_timer.txt), every row in order, for the default kernel running
# a program and two processes that the timer switches between, and for the
# bare trap demo; and its options and errors behave.
set -u
vm=$1 kernel=$2 trapdemo=$3 check=$4 dir=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "protocol: $*" >&2; failed=1; }

"$vm" protocol --markdown --input 'hello\nspin 30000 & spin 30000\nexit\n' "$kernel" >"$tmp/kernel.md" ||
	fail "vm protocol on the kernel exited $?"
"$vm" protocol --markdown "$trapdemo" >"$tmp/trapdemo.md" || fail "vm protocol on the trap demo exited $?"
for seed in seed_lde seed_lde_timer; do
	"$check" "$dir/$seed.txt" "$tmp/kernel.md" || fail "kernel: $seed"
done
"$check" "$dir/seed_lde_trapdemo.txt" "$tmp/trapdemo.md" || fail "trapdemo: seed_lde_trapdemo"

# The check itself fails on a row that is not there, or out of order.
printf 'os|^do work of syscall\nos|^initialize trap table\n' >"$tmp/reversed.txt"
"$check" "$tmp/reversed.txt" "$tmp/kernel.md" 2>/dev/null && fail "protocol_check accepted rows out of order"
printf 'hw|^save regs\\({A}\\) \\(to kernel stack\\)\nos|^save regs\\({B!A}\\) -> proc_t\\({A}\\)\n' >"$tmp/capture.txt"
"$check" "$tmp/capture.txt" "$tmp/kernel.md" 2>/dev/null && fail "protocol_check accepted a capture that cannot match"

# The text form has the same rows; --pid keeps one process's; --from/--to a window.
"$vm" protocol --input 'hello\nexit\n' "$kernel" >"$tmp/kernel.txt" || fail "text form exited $?"
head -1 "$tmp/kernel.txt" | grep -q 'OS (kernel mode) *| Hardware *| Program (user mode)' ||
	fail "text form: no column header"
[ "$(grep -c 'initialize trap table' "$tmp/kernel.txt")" = 1 ] || fail "text form: no boot row"
"$vm" protocol --markdown --pid 2 --input 'hello\nexit\n' "$kernel" >"$tmp/pid2.md"
grep -q 'call system call exec' "$tmp/pid2.md" || fail "--pid 2: sh's exec is missing"
if grep -q 'run main()' "$tmp/pid2.md" && grep 'run main()' "$tmp/pid2.md" | grep -vq '| 2 |'; then :; fi
grep -q 'create entry for process list: pid 1 ' "$tmp/pid2.md" && fail "--pid 2 shows pid 1's creation"
"$vm" protocol --markdown --from 19000 --to 21000 --input 'hello\nexit\n' "$kernel" >"$tmp/window.md"
awk -F'|' 'NR > 2 && ($2 + 0 < 19000 || $2 + 0 > 21000) { bad = 1 } END { exit bad }' "$tmp/window.md" ||
	fail "--from/--to: a row outside the window"

# Errors: one line, a status of its own.
"$vm" protocol --pid x "$kernel" >/dev/null 2>"$tmp/err"; st=$?
[ $st -eq 64 ] || fail "--pid x: status $st, not 64"
"$vm" protocol --from 9 --to 3 "$kernel" >/dev/null 2>&1; st=$?
[ $st -eq 64 ] || fail "--from after --to: status $st, not 64"
"$vm" protocol "$tmp/none.bin" >/dev/null 2>&1; st=$?
[ $st -eq 66 ] || fail "a missing image: status $st, not 66"
"$vm" protocol --max-instructions 5000 --input 'spin\n' "$kernel" >/dev/null 2>&1; st=$?
[ $st -eq 124 ] || fail "--max-instructions: status $st, not 124"
exit $failed
