# apply.sh - sourced by the scripts that break a kernel on purpose
# (tests/mutants/mutant.sh, tests/lint/lint_case.sh).  Needs fail() and
# $vm, $sed, $tmp set by the script.
#
# apply_sed ASSIGNMENT FILES: the reference kernel of the assignment's kit
# (vm kit NAME --reference: the build's own kernel) in $tmp/k, built into
# $tmp/reference.bin; then the sed script applied to each of FILES (each
# must change: otherwise the kernel has moved on and the script with it)
# and the result built into $tmp/k/default.bin, which must differ.
apply_sed() {
	"$vm" kit "$1" --reference -o "$tmp/k" >/dev/null || fail "vm kit $1 --reference failed"
	make -s -C "$tmp/k" VM="$vm" default.bin >/dev/null 2>&1 || fail "the reference does not build"
	cp "$tmp/k/default.bin" "$tmp/reference.bin"
	for f in $2; do
		sed -f "$sed" "$tmp/k/kernel/$f" >"$tmp/mutated.s" || fail "sed failed on $f"
		cmp -s "$tmp/mutated.s" "$tmp/k/kernel/$f" &&
			fail "changes nothing in $f: the kernel moved on, update the script"
		mv "$tmp/mutated.s" "$tmp/k/kernel/$f"
	done
	make -s -C "$tmp/k" VM="$vm" default.bin >"$tmp/make.out" 2>&1 ||
		{ cat "$tmp/make.out" >&2; fail "the broken kernel does not assemble"; }
	cmp -s "$tmp/k/default.bin" "$tmp/reference.bin" && fail "the broken kernel is the reference"
	return 0
}
