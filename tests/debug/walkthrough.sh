#!/bin/sh
# walkthrough.sh VM IMAGE DOC [--update] - docs/debugger.md's example
# session, replayed: between "<!-- session: vm debug ARGS -->" and
# "<!-- end session -->", the fenced blocks are one session's transcript,
# each block starting with a command.  The commands ("(vm) " lines) are fed
# to vm debug ARGS IMAGE, and its output must be the blocks' lines, numbers
# masked as transcripts.sh masks them.  --update rewrites the blocks from
# the run instead, keeping the prose between them.  Also: every command that
# `help` lists has a row in the doc's table of commands.
set -u
vm=$1 image=$2 doc=$3 update=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

args=$(sed -n 's/^<!-- session: vm debug \(.*\) -->$/\1/p' "$doc")
[ -n "$args" ] || { echo "$doc: no <!-- session: vm debug ARGS --> line" >&2; exit 1; }
awk '/^<!-- session:/ { on = 1; next } /^<!-- end session -->/ { on = 0 }
     on && /^```/ { inb = !inb; next } on && inb' "$doc" >"$tmp/want"
sed -n 's/^(vm) //p' "$tmp/want" >"$tmp/cmds"
eval "set -- $args"
"$vm" debug "$@" "$image" <"$tmp/cmds" >"$tmp/got" 2>&1

if [ "$update" = --update ]; then
	# Block by block: each gets the output of as many commands as it had.
	awk -v got="$tmp/got" '
		BEGIN { n = 0; while ((getline l < got) > 0) { if (l ~ /^\(vm\) /) n++; seg[n] = seg[n] l "\n" } }
		/^<!-- session:/ { on = 1 } /^<!-- end session -->/ { on = 0 }
		on && /^```/ && !inb { inb = 1; print; buf = ""; k = 0; next }
		on && /^```/ && inb { inb = 0; for (i = cmd + 1; i <= cmd + k; i++) printf "%s", seg[i]; cmd += k; print; next }
		on && inb { if ($0 ~ /^\(vm\) /) k++; next }
		{ print }' "$doc" >"$tmp/doc"
	cp "$tmp/doc" "$doc"
	exit 0
fi

mask() {
	sed -E -e 's/0x[0-9a-f]+/0x_/g' -e 's/<([A-Za-z_.][A-Za-z0-9_.]*)\+[0-9]+>/<\1+_>/g' \
	       -e 's/([A-Za-z_.][A-Za-z0-9_.]*)\+[0-9]+ \(/\1+_ (/g' \
	       -e 's/([A-Za-z0-9_]\.s):[0-9]+/\1:_/g' \
	       -e 's/[0-9]{4,}/N/g' -e 's/[ \t]+/ /g' -e 's/ $//'
}
mask <"$tmp/want" >"$tmp/want.m"
mask <"$tmp/got" >"$tmp/got.m"
if ! cmp -s "$tmp/want.m" "$tmp/got.m"; then
	echo "$doc: the example session differs from a real run (numbers masked):" >&2
	diff "$tmp/want.m" "$tmp/got.m" | head -40 >&2
	echo "(tests/debug/walkthrough.sh VM IMAGE $doc --update writes it anew)" >&2
	fail=1
fi

# Every command in the table of commands.
"$vm" debug -batch -ex help "$image" | sed -n 's/^\([a-z-]*\) .*/\1/p' | grep -v '^$' >"$tmp/names"
while read -r name; do
	[ "$name" = vm ] && continue
	if ! grep -q "^| \`$name" "$doc"; then
		echo "$doc: the command '$name' has no row in the table of commands" >&2
		fail=1
	fi
done <"$tmp/names"
exit $fail
