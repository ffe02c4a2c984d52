#!/bin/sh
# roundtrip.sh VM IMAGE... - every image assembles back from its own
# disassembly byte for byte: vm disasm X.bin | vm asm -o Y.bin - gives Y = X,
# the line tables aside (the disassembly is another source): Y is made with
# --no-lines and compared with X without its line tables (vm disasm --strip),
# which must have had some.
# The programs an image carries in its file table (the kernel's) are not in
# its disassembly: each is taken the same way (vm disasm --file NAME) and
# packed again with vm asm --file, so they are checked too.
set -u
vm=$1; shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
for image in "$@"; do
	n=$((n + 1))
	set --
	files=$("$vm" disasm --files "$image") || { echo "$image: vm disasm --files failed" >&2; fail=1; continue; }
	while read -r name size unit kind; do
		[ -n "$name" ] || continue
		if [ "$kind" != image ]; then
			echo "$image: file '$name' is not an image: cannot take it out" >&2
			fail=1
			continue
		fi
		"$vm" disasm --file "$name" "$image" | "$vm" asm --no-lines -o "$tmp/$name.bin" - ||
			{ echo "$image: program '$name' does not assemble back" >&2; fail=1; }
		set -- "$@" --file "$name=$tmp/$name.bin"
	done <<END
$files
END
	if ! "$vm" disasm --strip "$tmp/stripped.bin" "$image"; then
		echo "$image: vm disasm --strip failed" >&2
		fail=1
	elif [ -z "$("$vm" disasm --lines "$image")" ] || cmp -s "$image" "$tmp/stripped.bin"; then
		echo "$image: it has no line table" >&2
		fail=1
	elif ! "$vm" disasm "$image" | "$vm" asm --no-lines "$@" -o "$tmp/back.bin" -; then
		echo "$image: its disassembly does not assemble" >&2
		fail=1
	elif ! cmp "$tmp/stripped.bin" "$tmp/back.bin" >&2; then
		echo "$image: assembled back, it differs" >&2
		fail=1
	fi
done
[ $fail -eq 0 ] && echo "roundtrip.sh: $n images, each the same after vm disasm | vm asm"
exit $fail
