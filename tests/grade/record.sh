#!/bin/sh
# record.sh BUILD NAME [TEST...] - run case NAME of cases.txt and write its
# verdicts to expected/NAME.txt (the TESTs, or those it names already).
# Read every line of the result before committing it: it is what the
# grader will be held to.
set -eu
build=$1 name=$2
shift 2
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
line=$(grep "^$name[ 	]" "$here/cases.txt")
spec=$(echo "$line" | awk '{print $2}')
options=$(echo "$line" | awk '{for (i = 5; i <= NF; i++) printf "%s ", $i}')
dir=$(echo "$line" | awk '{print $3}' | sed "s|^@src/||; s|@build|$build|")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $# -eq 0 ] && [ -f "$here/expected/$name.txt" ]; then
	sed -n 's/^== \(.*\): [a-z]* [0-9.]*\/[0-9.]*$/\1/p' "$here/expected/$name.txt" >"$tmp/names"
	while IFS= read -r t; do set -- "$@" "$t"; done <"$tmp/names"
fi
(cd "$src" && "$build/vm" grade --json "$tmp/results.json" --dir "$dir" $options "tests/grade/$spec" "$@") || true
mkdir -p "$here/expected"
"$build/tests/grade/check_results" --record "$tmp/results.json" >"$here/expected/$name.txt"
echo "record.sh: wrote expected/$name.txt" >&2
