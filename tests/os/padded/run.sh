#!/bin/sh
# run.sh VM PADDED KERNEL DIR - every case of DIR/cases.txt on the padded
# kernel must print exactly its expected output and exit with its status,
# as on the kernel itself; and the two kernels must really differ in where
# their code is (else the test proves nothing).
set -u
vm=$1 padded=$2 kernel=$3 dir=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 n=0
table() {	# the trap table's address, from the boot event
	"$vm" run --events=- "$1" </dev/null 2>/dev/null | sed -n 's/.*"trap_table":\([0-9]*\).*/\1/p'
}
b1=$(table "$kernel") b2=$(table "$padded")
if [ -z "$b1" ] || [ "$b1" = "$b2" ]; then
	echo "padded: the trap table did not move ($b1, $b2): the padding is not in the kernel" >&2
	exit 1
fi
while read -r name status opts; do
	case $name in '' | '#'*) continue ;; esac
	n=$((n + 1))
	"$vm" run --max-instructions 400000000 $opts "$padded" <"$dir/cases/$name.in" >"$tmp/out" 2>/dev/null
	got=$?
	if [ $got -ne "$status" ]; then
		echo "padded: $name: status $got, expected $status" >&2
		failed=1
	elif ! cmp -s "$tmp/out" "$dir/expected/$name.out"; then
		echo "padded: $name: the output differs from expected/$name.out:" >&2
		diff "$dir/expected/$name.out" "$tmp/out" | head -5 >&2
		failed=1
	fi
done <"$dir/cases.txt"
[ $failed -eq 0 ] && echo "padded: all $n cases as expected, with the trap table at $b2 instead of $b1"
exit $failed
