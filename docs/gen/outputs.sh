#!/bin/sh
# outputs.sh [--check] BUILD DOC... - the outputs shown in the docs, made by
# a real run.  In a doc, a block
#     <!-- OUTPUT: NAME -->
#     ```
#     ...
#     ```
#     <!-- END OUTPUT -->
# holds, in its first fenced block, what the command registered below as
# NAME prints (with BUILD's vm and images).  Without --check the blocks are
# rewritten; with it, nothing is written and the exit status is 1 if any
# block is not what a run prints now (the docs test: ctest -L docs).
# Everything here is deterministic: the machine counts time in
# instructions, so the same image and input always print the same.
set -u
check=0
if [ "${1-}" = --check ]; then
	check=1
	shift
fi
[ $# -ge 2 ] || { echo "usage: outputs.sh [--check] BUILD DOC..." >&2; exit 2; }
B=$(cd "$1" && pwd) || exit 2
shift
VM=$B/vm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# output NAME: print what the block NAME shows.
output() {
	case $1 in
	console)	# the trap demo, as a terminal shows it, then `echo $?`
		"$VM" run "$B/programs/trapdemo.bin"
		echo $? ;;
	trace)		# the trap demo with --trace, trace and console together
		"$VM" run --trace "$B/programs/trapdemo.bin" 2>&1 ;;
	protocol-write)	# vm protocol: hello's write, trap to return
		"$VM" protocol --markdown --input 'hello\nexit\n' "$B/default.bin" |
			awk 'NR <= 2 { print; next }
			     /call system call write/ && !done { on = 1 }
			     on { print }
			     on && /write returns/ { on = 0; done = 1 }' ;;
	kernel-boot)	# the kernel's boot, up to the first return-from-trap
		"$VM" run --trace "$B/default.bin" </dev/null 2>&1 |
			awk '{ print } / return-from-trap -> user/ { exit }' ;;
	kernel-syscall)	# the shell's child hello making its write
		printf 'hello\nexit\n' | "$VM" run --trace "$B/default.bin" 2>&1 |
			awk '/\[hw\] syscall in pid 3 / { prev = $0; next }
			     prev != "" && /\[os\] pid 3: syscall write/ { print prev; on = 1 }
			     { prev = "" }
			     on { print }
			     on && / return-from-trap -> user, pid 3,/ { exit }' ;;
	kernel-switch)	# letters: the first preemption that switches
		printf 'letters\nexit\n' | "$VM" run --trace "$B/default.bin" 2>&1 >/dev/null |
			awk '/\[hw\] timer interrupt in pid 4 .user/ { n = 0; on = 1 }
			     on { line[n++] = $0 }
			     on && / return-from-trap -> user/ {
				on = 0
				for (i = 0; i < n; i++) if (line[i] ~ /switch to pid/) found = 1
				if (found) { for (i = 0; i < n; i++) print line[i]; exit }
			     }' ;;
	timeline-spins)	# spin & spin on the timeline: three switches from the first
			# after both spins are loaded, as timeline_check prints its spans
		printf 'spin &\nspin\n' | "$VM" run --timeline="$tmp/t.json" --events="$tmp/t.jsonl" \
			--max-instructions 300000 "$B/default.bin" >/dev/null 2>&1
		set -- $(awk -F'[:,]' '/"program":"spin"/ { loads++ }
			loads == 2 && /"event":"switch"/ { print $2 }' "$tmp/t.jsonl" | head -4)
		[ $# -eq 4 ] || { echo "outputs.sh: timeline-spins: too few switches" >&2; return 1; }
		"$B/tests/events/timeline_check" --spans $(($1 - 1)) "$4" "$tmp/t.json" ;;
	grade-demos)	# vm grade: demos.yaml on the demos themselves (docs/grading.md)
		"$VM" grade --dir programs tests/grade/demos.yaml | sed "s|$VM|./vm|g" ;;
	grade-spin-polite)	# ...its spin test on a spin that yields
		"$VM" grade --dir tests/grade/broken/spin-polite tests/grade/demos.yaml 'spin is preempted' |
			sed "s|$VM|./vm|g" ;;
	lint-trapdemo)	# vm lint on the trap demo: no process table, LDE002 (docs/lint.md)
		"$VM" lint "$B/programs/trapdemo.bin" || true ;;	# (it exits 1: an error found)
	*)
		echo "outputs.sh: no command for the block '$1'" >&2
		return 1 ;;
	esac
}

# Rewrite one doc into $tmp/new: each OUTPUT block's first fence filled anew.
rewrite() {
	doc=$1
	: >"$tmp/new"
	name= state=text
	while IFS= read -r line || [ -n "$line" ]; do
		case $state in
		text)
			printf '%s\n' "$line" >>"$tmp/new"
			case $line in
			'<!-- OUTPUT: '*' -->')
				name=${line#<!-- OUTPUT: }
				name=${name% -->}
				state=before ;;
			esac ;;
		before)	# up to the opening fence
			printf '%s\n' "$line" >>"$tmp/new"
			case $line in
			'```'*)
				output "$name" >>"$tmp/new" || return 1
				state=inside ;;
			esac ;;
		inside)	# the old output: dropped, up to the closing fence
			case $line in
			'```')
				printf '%s\n' "$line" >>"$tmp/new"
				state=after ;;
			esac ;;
		after)
			printf '%s\n' "$line" >>"$tmp/new"
			case $line in '<!-- END OUTPUT -->') state=text ;; esac ;;
		esac
	done <"$doc"
	[ $state = text ] || { echo "$doc: the block '$name' is not closed" >&2; return 1; }
}

status=0
for doc in "$@"; do
	rewrite "$doc" || { status=1; continue; }
	if cmp -s "$doc" "$tmp/new"; then
		continue
	elif [ $check -eq 1 ]; then
		echo "$doc: an output block is not what a run prints now: run docs/gen/outputs.sh $B $doc" >&2
		diff "$doc" "$tmp/new" | head -20 >&2
		status=1
	else
		cp "$tmp/new" "$doc"
		echo "$doc: outputs updated"
	fi
done
exit $status
