#!/bin/sh
# screenshots.sh [BUILD] - make the pictures of docs/visualiser.md, the
# README and docs/tutorial-first-trap.md with vm gui --screenshot (no display
# needed).  Every picture is repeatable: the same command gives the same
# bytes.  A picture of a moment (a trap, an interrupt) runs to the
# instruction count at which vm run --trace, with the same input, shows that
# event, so it still shows that moment when the kernel changes.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
vm=$build/vm
out=$root/docs/img
mkdir -p "$out"

# at INPUT PATTERN [IMAGE]: the instruction count of the first trace line
# matching PATTERN when IMAGE (the default one if none) runs with INPUT.
# after INPUT PATTERN [IMAGE]: that of the line after it.  (An interrupt
# is taken after the count its line shows, so --after that count stops
# just before it: a picture of one runs to the kernel's next event.)
trace_count() {
	n=$(printf "$2" | "$vm" run --trace --max-instructions 5000000 ${4:-} 2>&1 >/dev/null |
		awk -v pat="$3" -v next_one="$1" 'found { print $1; exit }
			index($0, pat) { if (!next_one) { print $1; exit } found = 1 }')
	[ -n "$n" ] || { echo "screenshots.sh: no '$3' in the trace" >&2; exit 1; }
	echo "$n"
}
at() { trace_count 0 "$@"; }
after() { trace_count 1 "$@"; }

# Three programs that never yield, shared out by the timer (user mode).
"$vm" gui --type 'spin &\nspin &\nspin &\n' --after 520000 --screenshot "$out/viz-three-spins.png"
# The first instruction of the system-call handler: hello's first trap (the
# shell's child, pid 3, asking to become hello).
"$vm" gui --type 'hello\n' --after "$(at 'hello\n' 'syscall in pid 3')" \
	--screenshot "$out/viz-syscall.png"
# A timer interrupt has just taken the CPU from a spin, pid 3 (kernel mode),
# and the kernel has saved its registers.
"$vm" gui --type 'spin &\nspin &\n' --after "$(after 'spin &\nspin &\n' 'timer interrupt in pid 3 (user')" \
	--screenshot "$out/viz-timer.png"
# Going back in time: two spins run to 600000 instructions, then 150000
# steps back; the time bar shows where in the run the machine is.
"$vm" gui --type 'spin &\nspin &\n' --after 600000 --back 150000 --screenshot "$out/viz-time-travel.png"
# The bare trap demo's first system call (docs/tutorial-first-trap.md).
demo=$build/programs/trapdemo.bin
"$vm" gui --after "$(at '' 'syscall in pid 1' "$demo")" --screenshot "$out/tutorial-trap-syscall.png" \
	"$demo"
echo "screenshots.sh: wrote $(ls "$out" | grep -c '\.png$') pictures in $out"
