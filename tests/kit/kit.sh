#!/bin/sh
# kit.sh VM NAME KERNEL - one assignment of the course kit (label kit):
# vm kit writes its starter and its reference kernel; each builds with
# the Makefile the kit wrote (vm alone); the reference's default.bin is
# KERNEL (the build's kernel.bin) but for the line table; vm grade gives the
# reference every point and the starter not all of them.
set -u
vm=$1 name=$2 kernel=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "kit.sh $name: $*" >&2; exit 1; }

"$vm" kit "$name" -o "$tmp/ref" --reference >/dev/null || fail "vm kit --reference failed"
"$vm" kit "$name" -o "$tmp/starter" >/dev/null || fail "vm kit failed"
for d in ref starter; do	# as a student: no VM=, no vm on the PATH
	env PATH=/usr/bin:/bin make -s -C "$tmp/$d" default.bin >"$tmp/$d.make" 2>&1 ||
		{ cat "$tmp/$d.make" >&2; fail "the $d does not build"; }
done
# The same code, data, symbols and files as the build's kernel (vm disasm
# prints them all, in order; the line table, which names the sources where
# they are, is not compared).
for i in ref build; do
	[ $i = ref ] && image=$tmp/ref/default.bin || image=$kernel
	{ "$vm" disasm "$image" && "$vm" disasm --files "$image"; } >"$tmp/$i.dis" ||
		fail "vm disasm $image failed"
done
cmp -s "$tmp/ref.dis" "$tmp/build.dis" || fail "the reference kernel is not the build's kernel.bin"
grep -q "# TODO ($name)" "$tmp"/starter/kernel/*.s || fail "the starter has no TODO ($name)"

# The reference: every point (vm grade exits 0 only then).
(cd "$tmp/ref" && "$vm" grade -j 2 --json results.json grade.yaml) >"$tmp/ref.out" 2>&1 ||
	{ cat "$tmp/ref.out" >&2; fail "the reference kernel does not get every point"; }
# The starter: vm grade exits 1, and the score is below the maximum.
(cd "$tmp/starter" && "$vm" grade -j 2 --json results.json grade.yaml) >"$tmp/starter.out" 2>&1
status=$?
[ "$status" = 1 ] || { cat "$tmp/starter.out" >&2; fail "vm grade on the starter exited with $status, not 1"; }
total=$(sed -n 's|^total: \([0-9.]*\)/\([0-9.]*\) points.*|\1 \2|p' "$tmp/starter.out")
set -- $total
[ $# = 2 ] && [ "$1" != "$2" ] || { cat "$tmp/starter.out" >&2; fail "the starter's score is not below the maximum: $total"; }
echo "kit.sh $name: the reference gets every point, the starter $1 of $2"
