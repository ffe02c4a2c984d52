#!/bin/sh
# screenshot.sh VM - vm gui --screenshot needs no display, writes a PNG of
# the window's size, and is repeatable: the same image, input and count give
# the same picture, byte for byte.
set -u
vm=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "screenshot.sh: $*" >&2; exit 1; }
unset DISPLAY WAYLAND_DISPLAY
for n in 1 2; do
	"$vm" gui --type 'spin &\nspin &\n' --screenshot "$tmp/$n.png" --after 400000 \
		</dev/null >"$tmp/out" 2>"$tmp/err" || fail "exit status $? ($(cat "$tmp/err"))"
	[ -s "$tmp/err" ] && fail "it printed: $(cat "$tmp/err")"
done
sig=$(od -An -tx1 -N8 "$tmp/1.png" | tr -d ' \n')
[ "$sig" = 89504e470d0a1a0a ] || fail "not a PNG: starts $sig"
size=$(od -An -tu1 -j16 -N8 "$tmp/1.png" | tr -s ' ' | sed 's/^ //')
[ "$size" = "0 0 5 0 0 0 2 208" ] || fail "not 1280x720: IHDR size bytes $size"
cmp -s "$tmp/1.png" "$tmp/2.png" || fail "two runs gave different pictures"
"$vm" gui --size 800x600 --screenshot "$tmp/small.png" </dev/null || fail "--size: exit status $?"
size=$(od -An -tu1 -j16 -N8 "$tmp/small.png" | tr -s ' ' | sed 's/^ //')
[ "$size" = "0 0 3 32 0 0 2 88" ] || fail "not 800x600: IHDR size bytes $size"
echo "screenshot.sh: ok"
