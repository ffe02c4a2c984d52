#!/bin/sh
# interrupt.sh VM KERNEL INPUT - Ctrl-C on the console (docs/kernel.md, "The
# console"), read off vm run --trace for the script INPUT
# (cases/shell_ctrl_c.in), whose console output os_shell_ctrl_c checks:
# 1. Each Ctrl-C is announced, and the kernel (pid 0) kills exactly the
#    processes that take it: the foreground spin (3), sleep (6) and cat (7),
#    and runaway's orphan (9); never init, the shell or the background
#    spin (5), which only the shell kills when it exits.
# 2. The script's Ctrl-C comes at the same instruction with or without the
#    trace: the console output is the same.
set -u
vm=$1 kernel=$2 input=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "interrupt: $*" >&2; failed=1; }

"$vm" run --max-instructions 400000000 --trace="$tmp/trace" "$kernel" <"$input" >"$tmp/out1" 2>/dev/null
"$vm" run --max-instructions 400000000 "$kernel" <"$input" >"$tmp/out2" 2>/dev/null
notes=$(grep -c '\[os\] console: Ctrl-C: kill every process that takes the interrupt$' "$tmp/trace")
[ "$notes" = 5 ] || fail "$notes Ctrl-Cs announced on the trace (want 5)"
kills=$(awk '$2 == "[os]" && $3 == "pid" && $5 == "kills" { printf "%s>%s ", $4, $7 }' "$tmp/trace")
[ "$kills" = "0>3 0>6 0>7 0>9 2>5 " ] ||
	fail "kills (killer>killed): '$kills' (want the kernel, pid 0, to kill 3, 6, 7 and 9, and sh to kill 5 at exit)"
cmp -s "$tmp/out1" "$tmp/out2" || fail "the console output differs with and without --trace"

[ $failed -eq 0 ] && echo "interrupt: Ctrl-C killed what takes it, the same with and without the trace"
