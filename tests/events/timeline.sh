#!/bin/sh
# timeline.sh VM KERNEL TRAPDEMO CHECK - the timelines (vm run --timeline)
# of a few demos, each checked by timeline_check against the same run's
# event stream: spans nested per track, user and kernel time adding up to
# the end record's instruction count, an arrow at every switch.  Then the
# checker must fail on broken files.
set -u
vm=$1 kernel=$2 trapdemo=$3 check=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "timeline: $*" >&2; failed=1; }

# run NAME INPUT [vm run options...]: the timeline and the stream of one run,
# then the check, with the instruction count of the stream's end record.
run() {
	name=$1 input=$2; shift 2
	printf "$input" | "$vm" run --timeline="$tmp/$name.json" --events="$tmp/$name.jsonl" \
		--max-instructions 200000000 "$@" >/dev/null 2>&1
	n=$(tail -1 "$tmp/$name.jsonl" | sed -n 's/^{"n":\([0-9]*\),"event":"end".*/\1/p')
	[ -n "$n" ] || { fail "$name: the stream has no end record"; return; }
	"$check" "$tmp/$name.json" "$n" || fail "$name: the timeline does not check"
	switches=$(grep -c '"event":"switch"' "$tmp/$name.jsonl")
	arrows=$(grep -c '"ph":"s"' "$tmp/$name.json")
	[ "$switches" = "$arrows" ] || fail "$name: $switches switches, $arrows arrows"
}
run spins 'spin &\nspin &\n' "$kernel"	# timer switches between two spins
run bigwrite 'spin &\nbigwrite 64\nexit\n' "$kernel"	# writes preempted inside the call
run evilpriv 'evil-priv\nexit\n' "$kernel"	# killed by a fault
run killed 'sleep 1000 &\nexit\n' "$kernel"	# killed inside its sleep, exits inside it
run trapdemo '' "$trapdemo"	# the bare trap demo's own kernel
run limit 'spin\n' --max-instructions 300000 "$kernel"	# cut in user mode
# Cut exactly at the return into the process switched to, for every switch
# of the spins' first 130000 instructions: its user span is empty, and the
# switch's arrow must still end in it (it once ended in no span).
for n in $(awk '/"event":"switch"/ { sw = 1 }
	sw && /"event":"iret","to":"user"/ {
		match($0, /"n":[0-9]+/); n = substr($0, RSTART + 4, RLENGTH - 4)
		if (n + 0 > 130000) exit
		print n; sw = 0 }' "$tmp/spins.jsonl"); do
	run "cut$n" 'spin &\nspin &\n' --max-instructions "$n" "$kernel"
done
# A kernel that makes a process at every turn and frees none (newpids.s):
# thousands of pids check as any other run, and a longer run ends in time
# (the timeline keeps a bounded table of processes; when every lookup
# scanned every pid ever seen, 4000000 instructions took minutes).
"$vm" asm -o "$tmp/newpids.bin" "$(dirname "$0")/newpids.s" || fail "newpids.s does not assemble"
run newpids '' --max-instructions 60000 "$tmp/newpids.bin"
timeout 60 "$vm" run --timeline="$tmp/newpids-long.json" --max-instructions 4000000 \
	"$tmp/newpids.bin" >/dev/null 2>&1
grep -q '"end":"max_instructions"' "$tmp/newpids-long.json" ||
	fail "newpids: 4000000 instructions did not end within 60 seconds"

# What the files must show.
grep -q '"ph":"B","ts":[0-9]*,"pid":2147483647,"tid":2147483647,"name":"timer","cat":"trap","args":{ "pid":[0-9]*,"pc":[0-9]*,"since":' \
	"$tmp/spins.json" || fail "spins: no timer span resumed at a switch"
grep -q '"name":"write","cat":"trap"' "$tmp/bigwrite.json" || fail "bigwrite: no write span"
grep -q '"name":"preempt"' "$tmp/bigwrite.json" || fail "bigwrite: no preempt instant"
grep -q '"name":"privileged","cat":"trap"' "$tmp/evilpriv.json" ||
	fail "evilpriv: no span for the privileged instruction's trap"
grep -q '"name":"pid 3 (evil-priv)"' "$tmp/evilpriv.json" || fail "evilpriv: no track named pid 3 (evil-priv)"
grep -q '"name":"kill","cat":"os"' "$tmp/evilpriv.json" || fail "evilpriv: no kill instant"
grep -q '"name":"sleep","cat":"trap","args":{ "pid":3,"pc":[0-9]*,"since":' "$tmp/killed.json" ||
	fail "killed: the sleep the kill interrupts does not go on to the exit"
grep -q '"end":"max_instructions"' "$tmp/limit.json" || fail "limit: otherData does not say max_instructions"

# The checker must fail on what breaks a timeline.  Each case is a whole
# file: traceEvents, then otherData for a run of 100 instructions.
k='"pid":2147483647,"tid":2147483647'
u='"pid":1,"tid":1'
broken() {	# broken WHAT EVENTS
	printf '{"traceEvents":[%s],"otherData":{"schema":"ldx-timeline","instructions":100}}\n' "$2" \
		>"$tmp/broken.json"
	if "$check" "$tmp/broken.json" 100 2>/dev/null; then
		fail "the checker accepted a broken timeline: $1"
	fi
}
good='{"ph":"B","ts":0,'$k',"name":"boot","args":{"pid":0}},{"ph":"E","ts":40,'$k'},
{"ph":"B","ts":40,'$u',"name":"init"},{"ph":"E","ts":100,'$u'}'
printf '{"traceEvents":[%s],"otherData":{"schema":"ldx-timeline","instructions":100}}\n' "$good" \
	>"$tmp/good.json"
"$check" "$tmp/good.json" 100 || fail "the checker rejected a good timeline"
broken 'a crossing span (X)' '{"ph":"X","ts":0,"dur":60,'$k',"name":"a"},{"ph":"X","ts":30,"dur":70,'$k',"name":"b"}'
broken 'a crossing span (B/E)' '{"ph":"B","ts":0,'$k',"name":"a"},{"ph":"B","ts":30,'$k',"name":"b"},
{"ph":"E","ts":60,'$k',"name":"a"},{"ph":"E","ts":100,'$k',"name":"b"}'
broken 'an E without its B' "$good"',{"ph":"E","ts":100,'$k'}'
broken 'a span left open' "$good"',{"ph":"B","ts":100,'$u',"name":"init"}'
broken 'user and kernel time overlapping' '{"ph":"B","ts":0,'$k',"name":"boot"},{"ph":"E","ts":50,'$k'},
{"ph":"B","ts":40,'$u',"name":"init"},{"ph":"E","ts":100,'$u'}'
broken 'time missing' '{"ph":"B","ts":0,'$k',"name":"boot"},{"ph":"E","ts":40,'$k'},
{"ph":"B","ts":50,'$u',"name":"init"},{"ph":"E","ts":100,'$u'}'
broken 'a switch without its arrow' "$good"',{"ph":"i","ts":39,"pid":2147483647,"tid":2147483646,"s":"t","name":"switch","args":{"pid":1}}'
broken 'an arrow bound to an instant' '{"ph":"B","ts":0,'$k',"name":"boot","args":{"pid":0}},
{"ph":"i","ts":38,'$k',"s":"t","name":"save_regs"},
{"ph":"s","ts":39,'$k',"cat":"switch","name":"switch","id":1},{"ph":"E","ts":40,'$k'},
{"ph":"i","ts":39,"pid":2147483647,"tid":2147483646,"s":"t","name":"switch","args":{"pid":1}},
{"ph":"B","ts":40,'$u',"name":"init"},{"ph":"f","ts":40,'$u',"bp":"e","cat":"switch","name":"switch","id":1},
{"ph":"E","ts":100,'$u'}'
exit $failed
