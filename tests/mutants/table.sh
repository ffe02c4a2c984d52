#!/bin/sh
# table.sh DIR DOC - docs/lint.md's table of mutants has one row for each
# tests/mutants/*.sed and no other, and each row says what its header
# says: the assignment whose grader catches it, and whether the lint
# does (a "# lint:" line) or not.
set -u
dir=$1 doc=$2
fail() { echo "table.sh: $*" >&2; exit 1; }
rows=$(sed -n '/^## Mutants: the mistakes it catches/,$p' "$doc" | grep '^| `' | sed 's/^| `\([^`]*\)`.*/\1/' | sort)
files=$(for f in "$dir"/*.sed; do basename "$f" .sed; done | sort)
[ "$rows" = "$files" ] || fail "the table's mutants are not tests/mutants/*.sed:
table: $(echo $rows)
files: $(echo $files)"
for f in "$dir"/*.sed; do
	name=$(basename "$f" .sed)
	row=$(sed -n '/^## Mutants: the mistakes it catches/,$p' "$doc" | grep "^| \`$name\` |")
	caught=$(printf '%s\n' "$row" | awk -F'|' '{ print $4 }')
	n=$(ls "$dir"/../../assignments | grep -n "^[0-9]*-$(sed -n 's/^# assignment: //p' "$f")\$" | cut -d: -f2 | cut -d- -f1)
	printf '%s\n' "$caught" | grep -q "grade (assignment $n)" || fail "$name: the row does not say grade (assignment $n)"
	if grep -q '^# lint: ' "$f"; then
		printf '%s\n' "$caught" | grep -q "lint (LDE" || fail "$name: the header has a lint line, the row no lint"
	else
		printf '%s\n' "$caught" | grep -q "lint" && fail "$name: the row says lint, the header has no lint line"
	fi
done
echo "table.sh: $(echo "$files" | wc -l) mutants, one row each"
