#!/bin/sh
# vim_highlight.sh VIM SRC OUTDIR - Vim, with editors/vim on its runtimepath,
# highlights tests/editors/sample.s as sample.vim.expected says, and detects
# which .s files are LDX-32 assembly: one in the tree and one whose first
# line names LDX-32 are; one elsewhere without the mark is not.
#   --update: write sample.vim.expected from this run instead.
set -eu
update=0
[ "${1:-}" = --update ] && { update=1; shift; }
vim=$1 src=$2 out=$3
mkdir -p "$out"
dump() {
	"$vim" -Nu NONE -i NONE -es --cmd "let g:ldx_rtp = '$src/editors/vim'" \
		--cmd "let g:ldx_in = '$1'" --cmd "let g:ldx_out = '$2'" \
		-S "$src/tests/editors/vim_dump.vim" </dev/null
}
dump "$src/tests/editors/sample.s" "$out/sample.vim.out"
if [ $update = 1 ]; then
	cp "$out/sample.vim.out" "$src/tests/editors/sample.vim.expected"
	exit 0
fi
diff -u "$src/tests/editors/sample.vim.expected" "$out/sample.vim.out"

# outside any LDX-32 tree
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '# mine.s - an LDX-32 program\n\tli\ta0, 1\n' > "$tmp/mine.s"
printf '\tmovl\t%%eax, %%ebx\n' > "$tmp/x86.s"
dump "$tmp/mine.s" "$tmp/mine.out"
dump "$tmp/x86.s" "$tmp/x86.out"
head -n 1 "$tmp/mine.out" | grep -q '^filetype=ldxasm ' || { echo "mine.s: not ldxasm: $(head -n 1 "$tmp/mine.out")"; exit 1; }
head -n 1 "$tmp/x86.out" | grep -q '^filetype=ldxasm ' && { echo "x86.s: taken for ldxasm"; exit 1; }
echo "vim: sample.s as expected; detection right"
