#!/bin/sh
# status_file.sh VM KERNEL BAD_IMAGE - a script tells a guest's exit status
# from vm's own without reading messages: a guest that exits with 65 and an
# invalid image both make vm exit with 65, and vm run --status-file says
# which ("guest 65", "vm 65 invalid-input").  The guest's status is written
# in full (exit -1 is 255 for the shell, "guest -1" in the file); the file
# is emptied at the start, so a stale line never survives a run.
set -u
vm=$1 kernel=$2 bad=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "status_file.sh: $*" >&2; exit 1; }

# who ARGS... (input on stdin): run vm, and say what a script would conclude
who() {
	"$vm" run --status-file "$tmp/status" "$@" >/dev/null 2>&1
	status=$?
	read -r by code word <"$tmp/status" || { echo "no status line"; return; }
	case $by in
	guest) echo "the guest exited with $code; vm $status" ;;
	vm) echo "vm failed: $word, $code; vm $status" ;;
	*) echo "unknown: $by $code $word" ;;
	esac
}
same() { [ "$1" = "$2" ] || fail "expected '$2', got '$1'"; }

same "$(echo 'exit 65' | who "$kernel")" "the guest exited with 65; vm 65"
same "$(who "$bad" </dev/null)" "vm failed: invalid-input, 65; vm 65"
same "$(echo 'exit -1' | who "$kernel")" "the guest exited with -1; vm 255"
same "$(echo 'exit 0' | who "$kernel")" "the guest exited with 0; vm 0"
same "$(who --max-instructions 1000 "$kernel" </dev/null)" "vm failed: instruction-limit, 124; vm 124"
same "$(who "$tmp/nothing.bin" </dev/null)" "vm failed: unreadable, 66; vm 66"
# a usage error after the option still writes the line; a stale one goes
echo "guest 0" >"$tmp/status"
same "$(who --mem lots "$kernel" </dev/null)" "vm failed: usage, 64; vm 64"
# exactly one line
echo 'exit 7' | "$vm" run --status-file "$tmp/status" "$kernel" >/dev/null
same "$(cat "$tmp/status")" "guest 7"
same "$(wc -l <"$tmp/status")" 1
# a status file that cannot be written is vm's own failure, before the run
"$vm" run --status-file "$tmp/no/such/dir" "$kernel" </dev/null >/dev/null 2>"$tmp/err"
same "$?" 73
same "$(cat "$tmp/err")" "vm: $tmp/no/such/dir: cannot write the status: No such file or directory"
echo "status_file.sh: ok"
