#!/bin/sh
# install.sh CMAKE BUILD_DIR PROGRAM.s LIB.s... - cmake --install into a
# fresh prefix puts vm, vm-gui, the images, the user library and programs
# and vm(1) there, and the installed vm works from another directory with
# what it installed: its default image is the prefix's, not the build's,
# and vm run --add assembles with the prefix's library.
set -u
cmake=$1 build=$2 prog=$3; shift 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install.sh: $*" >&2; exit 1; }
p=$tmp/prefix
"$cmake" --install "$build" --prefix "$p" >"$tmp/log" 2>&1 || fail "cmake --install: $(tail -3 "$tmp/log")"
for f in bin/vm bin/vm-gui share/ldx/default.bin share/ldx/kernel.bin share/ldx/programs/hello.bin \
	share/ldx/programs/trapdemo.bin share/ldx/lib/crt0.s share/ldx/lib/sources.txt \
	share/man/man1/vm.1; do
	[ -f "$p/$f" ] || fail "$f is not installed"
done
for c in RUN GUI ASM DISASM IMAGE; do
	grep -q "^\.SH \"VM $c\"" "$p/share/man/man1/vm.1" || fail "vm.1 has no section for vm $c"
done
grep -q 'Ctrl\\-] then q leaves vm' "$p/share/man/man1/vm.1" || fail "vm.1 lacks vm run --help's text"

mkdir "$tmp/elsewhere" && cd "$tmp/elsewhere" || exit 1
vm=$p/bin/vm
# The default image is the installed one: replace it, and vm run follows.
"$vm" run "$p/share/ldx/programs/trapdemo.bin" >demo.out </dev/null || fail "trapdemo: status $?"
cp "$p/share/ldx/default.bin" kernel.bin
cp "$p/share/ldx/programs/trapdemo.bin" "$p/share/ldx/default.bin"
"$vm" run >default.out </dev/null || fail "vm run: status $?"
cmp -s demo.out default.out || fail "vm run did not boot the installed default image"
rm "$p/share/ldx/default.bin"
"$vm" run </dev/null >/dev/null 2>err; s=$?
[ $s -eq 66 ] && grep -q "share/ldx/default.bin: cannot read" err ||
	fail "with no installed default image: status $s, $(cat err)"
cp kernel.bin "$p/share/ldx/default.bin"
printf 'hello\nexit\n' | "$vm" run >shell.out || fail "the kernel: status $?"
grep -q 'hello, world' shell.out || fail "the kernel did not run hello: $(cat shell.out)"
# vm gui starts the installed vm-gui, which finds the same default image.
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$vm" gui --screenshot shot.png </dev/null ||
	fail "vm gui --screenshot: status $?"
[ -s shot.png ] || fail "no screenshot"
# The installed library assembles a program into the installed image.
set -- "$@" "$prog"
libs=
for f in "$@"; do
	case $f in
	"$prog") libs="$libs $f" ;;
	*) libs="$libs $p/share/ldx/lib/$(basename "$f")" ;;
	esac
done
# shellcheck disable=SC2086
# (the line tables aside: the installed library's paths are not the tree's)
"$vm" asm --no-lines -o hello.bin $libs || fail "vm asm with the installed library: status $?"
"$vm" disasm --strip installed.bin "$p/share/ldx/programs/hello.bin" || fail "vm disasm --strip: status $?"
cmp -s hello.bin installed.bin || fail "hello.bin differs from the installed one"
# ...and so does vm run --add, with the list of the library it installed.
sed 's/hello, world/hello, installed world/' "$prog" >mine.s
printf 'mine\nexit\n' | "$vm" run --add mine.s >mine.out 2>err || fail "vm run --add: status $?: $(cat err)"
grep -q '^hello, installed world$' mine.out || fail "vm run --add: the program did not run: $(cat mine.out)"
"$vm" image -o same.bin "$prog" 2>/dev/null || fail "vm image: status $?"
"$vm" disasm --strip same_stripped.bin same.bin || fail "vm disasm --strip: status $?"
"$vm" disasm --strip default_stripped.bin "$p/share/ldx/default.bin" || fail "vm disasm --strip: status $?"
cmp -s same_stripped.bin default_stripped.bin || fail "vm image with hello.s is not the installed kernel"
rm "$p/share/ldx/lib/sources.txt"
"$vm" run --add mine.s </dev/null >/dev/null 2>err; s=$?
[ $s -eq 66 ] && grep -q "share/ldx/lib/sources.txt: cannot read" err ||
	fail "with no installed library list: status $s, $(cat err)"
echo "install.sh: ok"
