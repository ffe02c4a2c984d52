#!/bin/sh
# sched.sh VM KERNEL - two rules of the scheduler (docs/kernel.md, "The
# scheduler"), read off vm run --trace:
# 1. When a quantum ends in the very tick a sleeper wakes, the preempted
#    process goes back to the run queue first, then the sleeper (OSTEP's
#    scheduler.py and mlfq.py order): `sleep 3 & spin 50000` wakes pid 3 at
#    a timer interrupt in pid 4, which continues; pid 3 runs at the next.
# 2. A fresh quantum starts clean: a process dispatched after another one
#    exits is never interrupted by the timer at its first instruction (an
#    expiry pending from the exit is cleared when dispatch re-arms the
#    timer), so two jobs of whole quanta take exactly as many dispatches
#    as quanta, as in OSTEP's scheduler.py.
set -u
vm=$1 kernel=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "sched: $*" >&2; failed=1; }

printf 'sleep 3 & spin 50000\nexit\n' | "$vm" run --trace="$tmp/trace" "$kernel" >/dev/null 2>&1
order=$(awk '$2 == "[os]" && $3 == "pid" && $4 == "3" && $5 == "wakes:" { woke = 1; next }
	     !woke { next }
	     $2 == "[hw]" && $3 == "timer" { print "timer" }
	     $2 == "[os]" && $3 == "continue" { p = $5; sub(":", "", p); print "continue", p; n++ }
	     $2 == "[os]" && $3 == "switch" { print "switch", $6; n++ }
	     n == 2 { exit }' "$tmp/trace" | tr '\n' ' ')
case $order in
"continue 4 timer switch 3 ") ;;
*) fail "after pid 3 woke in a tick that ended pid 4's quantum: '$order' (want: continue pid 4, then at the next timer interrupt, switch to pid 3)" ;;
esac

printf 'spin 15000 & spin 25000\nexit\n' | "$vm" run --trace="$tmp/trace" "$kernel" >/dev/null 2>&1
late=$(awk '$2 == "[os]" && $3 == "switch" { fresh = 1; next }
	    fresh && $2 == "[hw]" && $3 == "return-from-trap" { at = $1; fresh = 0; next }
	    at != "" && $2 == "[hw]" && $3 == "timer" && $1 == at { print $1; exit }
	    $2 == "[hw]" { at = "" }' "$tmp/trace")
[ -z "$late" ] || fail "at instruction $late a freshly dispatched process was interrupted at once: a stale timer cut its quantum"
grep -q "exited with status 0" "$tmp/trace" || fail "the two spins did not run"

[ $failed -eq 0 ] && echo "sched: the run queue's order and fresh quanta as documented"
exit $failed
