#!/bin/sh
# links.sh FILE.md... - every relative link of these Markdown files leads
# somewhere: [text](path) to a file or directory of the tree, and
# [text](path#anchor) or [text](#anchor) to a heading of that file (its
# GitHub-style name: lower case, punctuation dropped, spaces as hyphens,
# -1, -2 for repeats) or an <a id="anchor"></a> in it.  Links to the web
# (a scheme such as https:) and links inside code blocks or code spans are
# not checked.  Run from the top of the tree.  (A section of
# docs/performance.md went missing in an edit and docs/lint.md's link to it
# pointed nowhere for a week: nothing had looked.)
set -u
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# The anchors of one Markdown file, one a line.
anchors() {
	awk '
	/^```/ { code = !code; next }
	code { next }
	{
		line = $0
		while (match(line, /<a (id|name)="[^"]*"/)) {
			a = substr(line, RSTART, RLENGTH); sub(/^<a (id|name)="/, "", a); sub(/"$/, "", a)
			print a; line = substr(line, RSTART + RLENGTH)
		}
	}
	/^#+ / {
		h = $0; sub(/^#+ +/, "", h); sub(/ +#*$/, "", h)
		h = tolower(h)
		gsub(/[^a-z0-9 _-]/, "", h)
		gsub(/ /, "-", h)
		n = seen[h]++
		print (n ? h "-" n : h)
	}' "$1"
}

# The links of one file: "LINE TARGET", outside code blocks and code spans.
links() {
	awk '
	/^```/ { code = !code; next }
	code { next }
	{
		line = $0
		gsub(/`[^`]*`/, "", line)
		while (match(line, /\]\([^) ]+\)/)) {
			t = substr(line, RSTART + 2, RLENGTH - 3)
			print NR " " t
			line = substr(line, RSTART + RLENGTH)
		}
	}' "$1"
}

for md in "$@"; do
	[ -f "$md" ] || { echo "links.sh: $md: no such file" >&2; fail=1; continue; }
	dir=$(dirname "$md")
	links "$md" >"$tmp/links"
	while read -r line target; do
		case $target in
		*:*) continue ;;	# https:, mailto:, ...
		esac
		path=${target%%#*}
		anchor=
		case $target in *'#'*) anchor=${target#*#} ;; esac
		if [ -z "$path" ]; then
			file=$md
		else
			file=$dir/$path
			if [ ! -e "$file" ]; then
				echo "$md:$line: the link to '$target' leads nowhere: no $file" >&2
				fail=1
				continue
			fi
		fi
		[ -n "$anchor" ] || continue
		case $file in *.md) ;; *) continue ;; esac
		[ -f "$file" ] || continue
		if ! anchors "$file" | grep -qxF -- "$anchor"; then
			echo "$md:$line: the link to '$target' leads nowhere: no heading or anchor '$anchor' in $file" >&2
			fail=1
		fi
	done <"$tmp/links"
done
exit $fail
