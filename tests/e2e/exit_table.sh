#!/bin/sh
# exit_table.sh VM README - README.md's table of vm's exit statuses has a
# row for each one vm run --help lists (src/cli/exits.def), with its word,
# and no other: "| 65 | `invalid-input` | ...".
set -u
vm=$1 readme=$2
fail() { echo "exit_table.sh: $*" >&2; exit 1; }
help=$("$vm" run --help | sed -n 's/^  \([0-9][0-9]*\) *\([a-z-][a-z-]*\) .*/\1 \2/p')
[ -n "$help" ] || fail "vm run --help lists no exit statuses"
table=$(sed -n 's/^| \([0-9][0-9]*\) | `\([a-z-]*\)` |.*/\1 \2/p' "$readme")
[ "$help" = "$table" ] || fail "vm run --help lists: $(echo $help); README.md's table: $(echo $table)"
echo "exit_table.sh: ok ($(echo "$help" | wc -l) statuses)"
