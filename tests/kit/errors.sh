#!/bin/sh
# errors.sh VM - vm kit's mistakes, each one line and its exit status: an
# unknown assignment, no -o, a directory with work in it (never written
# over), an output below a file (one whose parents are missing is made),
# and kit markers that are wrong (a copy of vm beside a kit of our own,
# whose kernel.txt lists one broken source at a time).
set -u
vm=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
# expect STATUS STDERR COMMAND...: the status and the one line on stderr.
expect() {
	want=$1 line=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" != "$want" ] || [ "$(cat "$tmp/err")" != "$line" ]; then
		echo "errors.sh: $*: status $got, stderr:" >&2
		cat "$tmp/err" >&2
		echo "  wanted status $want and: $line" >&2
		fails=$((fails + 1))
	fi
}
expect 64 "vm: kit: no assignment 'nosuch' (vm kit --list)" "$vm" kit nosuch -o "$tmp/a"
expect 64 "vm: kit: give -o DIR (see vm kit --help)" "$vm" kit trap
expect 64 "vm: kit: give one assignment (vm kit --list)" "$vm" kit -o "$tmp/a"
mkdir "$tmp/work" && echo mine >"$tmp/work/trap.s"
expect 64 "vm: kit: $tmp/work: not empty: the kit writes a starter only into a new or empty directory" \
	"$vm" kit trap -o "$tmp/work"
[ "$(cat "$tmp/work/trap.s")" = mine ] || { echo "errors.sh: the student's file was touched" >&2; fails=$((fails + 1)); }
expect 0 "" "$vm" kit --list
grep -q '^1  trap ' "$tmp/out" || { echo "errors.sh: --list does not start with trap" >&2; fails=$((fails + 1)); }
# The output's missing parents are made, as docs/course-kit.md's starters/NAME needs;
# a file in the way is an error.
"$vm" kit trap -o "$tmp/starters/1-trap" >/dev/null 2>"$tmp/err" && [ -f "$tmp/starters/1-trap/Makefile" ] ||
	{ echo "errors.sh: no starter in a new starters/1-trap:" >&2; cat "$tmp/err" >&2; fails=$((fails + 1)); }
echo file >"$tmp/afile"
expect 73 "vm: kit: $tmp/afile/x: Not a directory" "$vm" kit trap -o "$tmp/afile/x"

# A vm of our own, beside a kit whose one kernel source is broken.
mkdir -p "$tmp/bin/kit"
cp "$vm" "$tmp/bin/vm"
cp "$(dirname "$vm")/default.bin" "$tmp/bin/default.bin"
ln -s "$(cd "$(dirname "$0")/../../assignments" && pwd)" "$tmp/bin/kit/assignments"
echo "bad.s" >"$tmp/bin/kit/kernel.txt"
broken() {	# broken LINE... : bad.s made of these lines
	printf '%s\n' "$@" >"$tmp/bin/kit/bad.s"
}
bad=$tmp/bin/kit/bad.s
broken "	nop" "# >>> kit trap: write it" "	nop"
expect 65 "vm: kit: $bad:2: '# >>> kit trap' is never closed by '# <<< kit trap'" "$tmp/bin/vm" kit trap -o "$tmp/b1"
broken "# >>> kit trapp: write it" "# <<< kit trapp"
expect 65 "vm: kit: $bad:1: a kit marker names 'trapp', which is no assignment (vm kit --list)" "$tmp/bin/vm" kit trap -o "$tmp/b2"
broken "# >>> kit trap: a" "# >>> kit switch: b" "# <<< kit switch" "# <<< kit trap"
expect 65 "vm: kit: $bad:2: a kit marker inside the one opened at line 1" "$tmp/bin/vm" kit trap -o "$tmp/b3"
broken "# >>> kit trap: a" "# --- kit trap: instead" "	ret" "# <<< kit trap"
expect 65 "vm: kit: $bad:3: a starter line of kit trap must start with '#|'" "$tmp/bin/vm" kit trap -o "$tmp/b4"
broken "	nop" "# <<< kit trap"
expect 65 "vm: kit: $bad:2: '# <<< kit trap' does not follow a '# >>> kit trap' of its own" "$tmp/bin/vm" kit trap -o "$tmp/b5"
broken "# >>> kit switch: a" "	nop" "# <<< kit switch"
expect 65 "vm: kit: no '# >>> kit trap' marker in the kernel's sources: nothing to cut" "$tmp/bin/vm" kit trap -o "$tmp/b6"
# and a good one: the hole cut to its TODO and the starter's lines
broken "x:" "	# >>> kit trap: write it" "	nop" "# --- kit trap: instead" "#|	ret" "	# <<< kit trap" "	halt"
expect 0 "" "$tmp/bin/vm" kit trap -o "$tmp/good"
printf 'x:\n\t# TODO (trap): write it\n\tret\n\thalt\n' | cmp -s - "$tmp/good/kernel/bad.s" ||
	{ echo "errors.sh: the hole is not cut as it should be:" >&2; cat "$tmp/good/kernel/bad.s" >&2; fails=$((fails + 1)); }
exit $((fails != 0))
