#!/bin/sh
# streams.sh VM KERNEL TRAPDEMO VALIDATE - the event streams of several
# demos, each validated line by line against docs/events.md
# (validate_events), and a few facts every stream must show.
set -u
vm=$1 kernel=$2 trapdemo=$3 validate=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "streams: $*" >&2; failed=1; }

run() {	# run NAME INPUT [vm run options...]
	name=$1 input=$2; shift 2
	printf "$input" | "$vm" run --events="$tmp/$name.jsonl" --max-instructions 200000000 "$@" \
		>/dev/null 2>&1
}
run hello 'hello\nexit 3\n' "$kernel"
run letters 'letters\nexit\n' "$kernel"
run faults 'evil-priv\ndivzero\ncrash\nexit\n' "$kernel"
run forkbomb 'forkbomb\nexit\n' "$kernel"
run alarm 'alarm\nexit\n' "$kernel"
run bigwrite 'spin &\nbigwrite 64\nexit\n' "$kernel"
run trapdemo '' "$trapdemo"
run limit 'spin\n' --max-instructions 300000 "$kernel"
"$validate" "$tmp"/*.jsonl || failed=1

# What the runs must show, read back with the shell's tools.
grep -q '"event":"end","reason":"power_off","status":3}' "$tmp/hello.jsonl" ||
	fail "hello: the end record does not give the shell's status 3"
grep -q '"event":"end","reason":"max_instructions"}' "$tmp/limit.jsonl" ||
	fail "limit: the end record does not say max_instructions"
grep -q '"event":"exit","at":"[a-z_]*+*[0-9]*","args":{ "pid":[0-9]*,"status":-1}' "$tmp/faults.jsonl" ||
	fail "faults: no exit with status -1 (signed)"
grep -q '"event":"sysret","call":"fork","ret":-4}' "$tmp/forkbomb.jsonl" ||
	fail "forkbomb: no fork returning -4 (EAGAIN)"
grep -q '"event":"preempt",.*"syscall":"write"' "$tmp/bigwrite.jsonl" ||
	fail "bigwrite: no preemption inside write"
grep -q '"event":"trap",.*"cause":"timer"' "$tmp/letters.jsonl" ||
	fail "letters: no timer interrupt"
grep -q '"handler_at":"syscall_entry"' "$tmp/hello.jsonl" ||
	fail "hello: the syscall handler is not named by its label"
# The validator itself must fail on what breaks the schema.
for broken in \
	'{"n":0,"event":"start","schema":"ldx-events","version":1,"image":"x","mem":1,"quantum":0}
{"n":5,"pid":1,"mode":"user","ie":true,"src":"hw","event":"trap","cause":"sneeze","from":"user","pc":0,"insn_pc":0,"handler":0}
{"n":9,"event":"end","reason":"power_off","status":0}' \
	'{"n":0,"event":"start","schema":"ldx-events","version":1,"image":"x","mem":1,"quantum":0}
{"n":5,"pid":1,"mode":"kernel","ie":false,"src":"os","event":"switch","at":"x","args":{ "pid":2,"extra":1}}
{"n":9,"event":"end","reason":"power_off","status":0}' \
	'{"n":0,"event":"start","schema":"ldx-events","version":1,"image":"x","mem":1,"quantum":0}
{"n":5,"pid":1,"mode":"kernel","ie":false,"src":"vm","event":"sysret","call":"write","ret":1}
{"n":4,"event":"end","reason":"power_off","status":0}' \
	'{"n":0,"event":"start","schema":"ldx-events","version":1,"image":"x","mem":1,"quantum":0}
{"n":5,"pid":1,"mode":"kernel","ie":false,"src":"vm","event":"sysret","call":"write","ret":1}'; do
	printf '%s\n' "$broken" >"$tmp/broken.jsonl"
	if "$validate" "$tmp/broken.jsonl" 2>/dev/null; then
		fail "the validator accepted a broken stream: $(tail -2 "$tmp/broken.jsonl" | head -1)"
	fi
done
exit $failed
