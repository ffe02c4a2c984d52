#!/bin/sh
# transcripts.sh VM IMAGE DIR [--update] - vm debug sessions against their
# transcripts.  Each DIR/NAME.cmd is a session: a first line "# vm debug
# ARGS", then the commands, fed on standard input (so vm debug echoes each
# after its prompt); DIR/NAME.out is what it must print.  Addresses, step
# counts and other numbers of four digits or more, and offsets from labels,
# are compared as placeholders, so that a kernel that grows keeps the
# transcripts; the words, the labels and the small numbers (pids, values,
# statuses) must be the same; so are source line numbers (file.s:N), so
# that a kernel source that grows keeps them too.  --update writes the .out files from the
# runs instead (then read them before committing).
set -u
vm=$1 image=$2 dir=$3 update=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

mask() {
	sed -E -e 's/0x[0-9a-f]+/0x_/g' -e 's/<([A-Za-z_.][A-Za-z0-9_.]*)\+[0-9]+>/<\1+_>/g' \
	       -e 's/([A-Za-z_.][A-Za-z0-9_.]*)\+[0-9]+ \(/\1+_ (/g' \
	       -e 's/([A-Za-z0-9_]\.s):[0-9]+/\1:_/g' \
	       -e 's/[0-9]{4,}/N/g' -e 's/[ \t]+/ /g' -e 's/ $//'
}

for cmd in "$dir"/*.cmd; do
	name=$(basename "$cmd" .cmd)
	args=$(sed -n '1s/^# vm debug//p' "$cmd")
	eval "set -- $args"
	sed 1d "$cmd" | "$vm" debug "$@" "$image" >"$tmp/$name.out" 2>&1
	echo "status $?" >>"$tmp/$name.out"
	if [ "$update" = --update ]; then
		cp "$tmp/$name.out" "$dir/$name.out"
		continue
	fi
	mask <"$dir/$name.out" >"$tmp/want"
	mask <"$tmp/$name.out" >"$tmp/got"
	if ! cmp -s "$tmp/want" "$tmp/got"; then
		echo "$name: the transcript differs from $dir/$name.out (numbers masked):" >&2
		diff "$tmp/want" "$tmp/got" | head -30 >&2
		fail=1
	fi
done
exit $fail
