#!/bin/sh
# programs_listed.sh VM KERNEL SRC - the kernel carries every programs/*.s
# but the trap demo (a kernel of its own), with no edit of
# programs/CMakeLists.txt needed, and lists them in the order of their
# sections in programs/README.md (init and sh first); programs from
# elsewhere (bench/) come after them.
set -u
vm=$1 kernel=$2 src=$3
fail() { echo "programs_listed.sh: $*" >&2; exit 1; }
listed=$("$vm" disasm --files "$kernel" | awk '{ print $1 }') || fail "vm disasm --files: status $?"
sections=$(sed -n 's/^### `\([^` ]*\).*/\1/p' "$src/programs/README.md")
want=
for p in $sections; do
	[ -f "$src/programs/$p.s" ] && want="$want$p
"
done
for f in "$src"/programs/*.s; do
	p=$(basename "$f" .s)
	[ "$p" = trapdemo ] && continue
	printf '%s' "$want" | grep -qx "$p" || want="$want$p
"
done
got=$(printf '%s\n' "$listed" | head -n "$(printf '%s' "$want" | wc -l)")
[ "$got" = "$(printf '%s' "$want")" ] ||
	fail "the kernel's programs, in order: $(echo $got); expected: $(echo $want)"
printf '%s\n' "$listed" | grep -qx trapdemo && fail "the kernel carries the trap demo"
echo "programs_listed.sh: ok ($(printf '%s' "$want" | wc -l) programs, in the README's order)"
