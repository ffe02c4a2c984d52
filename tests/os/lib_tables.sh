#!/bin/sh
# lib_tables.sh SRC - the hand-written tables of the user library agree with
# the .def rows they stand for, and every program is built and described:
#   - programs/lib/sys.s has a wrapper `SYSCALL name, SYS_<NAME>` for every
#     row of src/os/syscalls.def, and its macro SYSCALL still makes of that
#     the routine `name: li t0, SYS_<NAME>; trap; ret`;
#   - programs/lib/names.s names every row of errors.def and pstate.def;
#   - every programs/*.s but trapdemo has a section in programs/README.md
#     (programs/CMakeLists.txt builds them all, in the order of those
#     sections).
set -u
src=$1
fail=0
miss() { echo "lib_tables: $*" >&2; fail=1; }

for n in $(sed -n 's/^SYSCALL( *[0-9]*, *\([a-z_]*\),.*/\1/p' "$src/src/os/syscalls.def"); do
	N=$(echo "$n" | tr a-z A-Z)
	grep -q "^[[:space:]]*SYSCALL[[:space:]]*$n, *SYS_$N\([[:space:]]\|$\)" "$src/programs/lib/sys.s" ||
		miss "programs/lib/sys.s: no wrapper 'SYSCALL $n, SYS_$N'"
done
tr '\n' '|' <"$src/programs/lib/sys.s" |
	grep -q '[.]macro[[:space:]]*SYSCALL name, number|\\name:[[:space:]]*li[[:space:]]*t0, \\number|[[:space:]]*trap|[[:space:]]*ret|[[:space:]]*[.]endm|' ||
	miss "programs/lib/sys.s: the macro SYSCALL name, number is not 'name: li t0, number; trap; ret'"
for e in $(sed -n 's/^ERROR( *[0-9]*, *\([A-Z]*\),.*/\1/p' "$src/src/os/errors.def"); do
	grep -q "\.word[[:space:]]*$e, " "$src/programs/lib/names.s" ||
		miss "programs/lib/names.s: errname.table has no row for $e"
	grep -q "\.asciz[[:space:]]*\"$e\"" "$src/programs/lib/names.s" ||
		miss "programs/lib/names.s: no string \"$e\""
done
for s in $(sed -n 's/^PSTATE( *[0-9]*, *\([A-Z]*\),.*/\1/p' "$src/src/os/pstate.def"); do
	text=$(sed -n "s/^PSTATE( *[0-9]*, *$s, *\"\([^\"]*\)\".*/\1/p" "$src/src/os/pstate.def")
	grep -q "\.word[[:space:]]*PSTATE_$s, " "$src/programs/lib/names.s" ||
		miss "programs/lib/names.s: pstate_name.table has no row for PSTATE_$s"
	grep -q "\.asciz[[:space:]]*\"$text\"" "$src/programs/lib/names.s" ||
		miss "programs/lib/names.s: no string \"$text\" (pstate.def's text for $s)"
done
for f in "$src"/programs/*.s; do
	p=$(basename "$f" .s)
	[ "$p" = trapdemo ] && continue
	grep -q "^### \`$p" "$src/programs/README.md" ||
		miss "programs/README.md has no section '### \`$p...'"
done
[ $fail -eq 0 ] && echo "lib_tables: syscalls, errors, process states and programs all accounted for"
exit $fail
