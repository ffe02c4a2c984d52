#!/bin/sh
# screenshots.sh [BUILD] - make the pictures of docs/visualiser.md and the
# README with vm gui --screenshot (no display needed).  Every picture is
# repeatable: the same command gives the same bytes.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
vm=${1:-$root/build}/vm
out=$root/docs/img
mkdir -p "$out"
# Three programs that never yield, shared out by the timer (user mode).
"$vm" gui --type 'spin &\nspin &\nspin &\n' --after 520000 --screenshot "$out/viz-three-spins.png"
# The first instruction of the system-call handler: hello's first trap.
"$vm" gui --type 'hello\n' --after 53664 --screenshot "$out/viz-syscall.png"
# A timer interrupt has just taken the CPU from a spin (kernel mode).
"$vm" gui --type 'spin &\nspin &\n' --after 113152 --screenshot "$out/viz-timer.png"
echo "screenshots.sh: wrote $(ls "$out" | grep -c '^viz-') pictures in $out"
