#!/bin/sh
# first_program.sh VM README - "Your first program" in programs/README.md
# works as written.  Its first code block is saved as hello.s; its second is
# a session: the command after "$ ./vm", then what the terminal shows.  The
# command is run beside hello.s, typing what follows the shell's "$ "
# prompts; vm's messages ("vm: ...") must be the session's, and the console
# its other lines, one for one.  A line shown ending in "..." stands for any
# line that starts with what comes before the dots.
set -u
vm=$1 readme=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "first_program.sh: $*" >&2; exit 1; }

# block N: the Nth code block of the section, without its fences.
block() {
	awk -v want="$1" '
		/^## / { sec = $0 == "## Your first program" }
		sec && /^```/ { if (inb) { inb = 0; n++ } else inb = 1; next }
		sec && inb && n + 1 == want { print }
	' "$readme"
}

# same SHOWN WRITTEN: the lines agree, one for one, with "..." as above.
same() {
	if [ ! -s "$1" ]; then
		[ ! -s "$2" ] || fail "$(basename "$2"): nothing shown, but vm wrote: $(head -3 "$2")"
		return
	fi
	awk 'NR == FNR { shown[++n] = $0; next }
	     { got[++m] = $0 }
	     END {
		for (i = 1; i <= n || i <= m; i++) {
			s = shown[i]
			ok = s ~ /\.\.\.$/ ? index(got[i], substr(s, 1, length(s) - 3)) == 1 : s == got[i]
			if (!ok || i > n || i > m) {
				printf "line %d: shown \"%s\", written \"%s\"\n", i, s, got[i]
				exit 1
			}
		}
	     }' "$1" "$2" >"$tmp/diff" || fail "$(basename "$2") is not as shown: $(cat "$tmp/diff")"
}

block 1 >"$tmp/hello.s"
block 2 >"$tmp/session"
[ -s "$tmp/hello.s" ] || fail "no code block in the section 'Your first program' of $readme"
cmd=$(head -n 1 "$tmp/session")
case $cmd in
'$ ./vm '*) ;;
*) fail "the session should start with a command '\$ ./vm ...', not '$cmd'" ;;
esac
tail -n +2 "$tmp/session" | grep '^vm: ' >"$tmp/shown.err"
tail -n +2 "$tmp/session" | grep -v '^vm: ' >"$tmp/shown.out"
sed -n 's/^\$ //p' "$tmp/shown.out" >"$tmp/typed"

cd "$tmp" || exit 1
# shellcheck disable=SC2086
"$vm" ${cmd#'$ ./vm '} <typed >console.out 2>vm.err
status=$?
[ $status -eq 0 ] || fail "'${cmd#'$ '}': exit status $status: $(head -5 vm.err)"
same shown.err vm.err
same shown.out console.out
echo "first_program.sh: ok ($(wc -l <console.out) lines of console, as shown)"
