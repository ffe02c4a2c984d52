#!/bin/sh
# gen_man.sh VM OUT - write vm(1), the manual page, from the --help texts of
# vm and of each of its commands, so that the page says exactly what they
# say (the help texts are the one source).  Run by the build (src/cli).
set -eu
vm=$1 out=$2
tmp=$out.tmp

# A help text as roff, verbatim: backslashes escaped, a line that starts
# with a dot or a quote kept from being a request, hyphens as hyphens.
verbatim() {
	printf '.nf\n'
	sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
	printf '.fi\n'
}

version=$("$vm" --version)
summary=$("$vm" --help | sed -n 3p | sed 's/\.$//')
commands=$("$vm" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' | grep -v '^vm$')
{
	printf '.TH VM 1 "" "%s" "User Commands"\n' "$version"
	printf '.SH NAME\nvm \\- %s\n' "$(printf '%s' "$summary" | sed 's/^A /a /')"
	printf '.SH SYNOPSIS\n'
	"$vm" --help | sed -n '1s/^usage: //p' | verbatim
	printf '.SH DESCRIPTION\n'
	"$vm" --help | sed 1,2d | verbatim
	for c in $commands; do
		printf '.SH "VM %s"\n' "$(printf '%s' "$c" | tr a-z A-Z)"
		"$vm" "$c" --help | verbatim
	done
} >"$tmp"
mv "$tmp" "$out"
