#!/bin/sh
# asm_output_name.sh VM LIBDIR PROGRAM.s - vm asm without -o names the
# image after the last source: a program assembled after its library
# (crt0.s first) is PROGRAM.bin, not crt0.bin, and it is the same image as
# with -o.  Standard input (-) is a source too.
set -u
vm=$1 lib=$2 prog=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "asm_output_name.sh: $*" >&2; exit 1; }
cp "$lib"/crt0.s "$lib"/sys.s "$lib"/print.s "$lib"/string.s "$prog" "$tmp"/
name=$(basename "$prog" .s)
cd "$tmp" || exit 1
"$vm" asm crt0.s sys.s print.s string.s "$name.s" || fail "exit status $?"
[ -f "$name.bin" ] || fail "no $name.bin: $(ls)"
[ -e crt0.bin ] && fail "it wrote crt0.bin"
"$vm" asm -o ref.bin crt0.s sys.s print.s string.s "$name.s" || fail "-o: exit status $?"
cmp -s ref.bin "$name.bin" || fail "$name.bin differs from the image -o writes"
# (without line tables: standard input is named <stdin> in one)
"$vm" asm --no-lines -o ref.bin crt0.s sys.s print.s string.s "$name.s" || fail "--no-lines: exit status $?"
"$vm" asm --no-lines -o stdin.bin crt0.s sys.s print.s string.s - <"$name.s" || fail "-: exit status $?"
cmp -s ref.bin stdin.bin || fail "the program from standard input gives another image"
echo "asm_output_name.sh: ok ($name.bin)"
