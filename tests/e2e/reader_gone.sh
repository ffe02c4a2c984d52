#!/bin/sh
# reader_gone.sh VM - a reader that leaves early is a failed write (status 73,
# cannot-write, with a message naming the output), never a silent death by
# SIGPIPE (status 141, in no table): the events to a FIFO whose reader reads
# one line, the events on standard output into a reader that leaves, and the
# console output likewise.
set -u
vm=$1
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
fail=0

# expect WHAT STATUS MESSAGE-FILE PATTERN
expect() {
	[ "$2" -eq 73 ] || { echo "$1: status $2, not 73"; fail=1; }
	grep -q "$4" "$3" || { echo "$1: no '$4' in: $(cat "$3")"; fail=1; }
}

work='lat_syscall 100000\nexit\n'

mkfifo "$dir/fifo" || exit 1
head -n 1 "$dir/fifo" >/dev/null &
status=$(printf "$work" | "$vm" run --events="$dir/fifo" 2>"$dir/err" >/dev/null; echo $?)
wait
expect "--events=FIFO" "$status" "$dir/err" "fifo: cannot write the events: Broken pipe"

status=$( { printf "$work" | "$vm" run --events=- 2>"$dir/err"; echo $? >"$dir/st"; } | head -n 1 >/dev/null; cat "$dir/st")
expect "--events=-" "$status" "$dir/err" "^vm: standard output: cannot write the events: Broken pipe"

# The console: enough output that it cannot all wait in the pipe's buffer.
status=$( { printf 'cat\n%0200000d\n\004exit\n' 0 | "$vm" run 2>"$dir/err"; echo $? >"$dir/st"; } | head -n 1 >/dev/null; cat "$dir/st")
expect "console" "$status" "$dir/err" "cannot write the console output: Broken pipe"
exit $fail
