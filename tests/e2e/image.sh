#!/bin/sh
# image.sh VM KERNEL DEFAULT HELLO.bin HELLO.s GREET.s LIB.s... - vm image
# adds programs to a kernel's file table as the build does: the kernel with
# hello.s added (assembled after the user library) or the build's hello.bin
# is the kernel again, byte for byte, the note on stderr aside; a new
# program, given as an image, is listed last and runs as it does with vm
# run --add; without --kernel, the kernel is the default image.
set -u
vm=$1 kernel=$2 default=$3 hello_bin=$4 hello_s=$5 greet=$6
shift 6
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "image.sh: $*" >&2; exit 1; }
cd "$tmp" || exit 1

"$vm" image -o same.bin --kernel "$kernel" "$hello_s" 2>err || fail "hello.s: status $?: $(cat err)"
cmp -s same.bin "$kernel" || fail "the kernel with hello.s added is not the kernel"
[ "$(cat err)" = "vm: image: $hello_s replaces the program hello of $(basename "$kernel")" ] ||
	fail "hello.s: stderr: $(cat err)"
"$vm" image -o same_bin.bin --kernel "$kernel" "$hello_bin" 2>err || fail "hello.bin: status $?"
cmp -s same_bin.bin "$kernel" || fail "the kernel with hello.bin added is not the kernel"
"$vm" image -o default.bin || fail "no programs: status $?"
cmp -s default.bin "$default" || fail "without --kernel, the image is not the default one"

# greet, assembled beforehand, joins the end of the file table
"$vm" asm -o greet.bin "$@" "$greet" || fail "vm asm greet: status $?"
"$vm" image -o mine.bin --kernel "$kernel" greet.bin 2>err || fail "greet.bin: status $?: $(cat err)"
[ -s err ] && fail "greet.bin: stderr: $(cat err)"
"$vm" disasm --files "$kernel" >kernel.files || fail "disasm --files: status $?"
"$vm" disasm --files mine.bin >mine.files || fail "disasm --files: status $?"
size=$(wc -c <greet.bin)
printf '%-16s %8u bytes  image\n' greet "$size" | cat kernel.files - | cmp -s - mine.files ||
	fail "the file table is not the kernel's and greet: $(diff kernel.files mine.files)"
printf 'greet a b\nexit\n' | "$vm" run mine.bin >image.out || fail "vm run mine.bin: status $?"
printf 'greet a b\nexit\n' | "$vm" run --add "$greet" "$kernel" >add.out || fail "vm run --add: status $?"
cmp -s image.out add.out || fail "vm image and vm run --add differ: $(diff image.out add.out)"
grep -q '^greetings, b$' add.out || fail "greet did not run: $(cat add.out)"

# an output that cannot be written: 73, and nothing is left behind
"$vm" image -o nodir/x.bin "$greet" 2>err; s=$?
[ $s -eq 73 ] && grep -q "^vm: nodir/x.bin: cannot write the image: " err ||
	fail "unwritable output: status $s, $(cat err)"
echo "image.sh: ok"
