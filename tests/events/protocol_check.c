/*
 * protocol_check.c - protocol_check EXPECTED TABLE.md: every row of
 * EXPECTED (COLUMN|REGEX lines: a seed document's protocol table, row by
 * row) appears in TABLE.md, the Markdown output of vm protocol, in order
 * (other rows may come between).  COLUMN is os, hw or program; REGEX is
 * extended, matched against that column's cell.  {A} in a REGEX matches a
 * number and captures it the first time, then must be the same number;
 * {B!A} captures a number that is not A's.  Prints the first expected row
 * it could not find, and exits 1 then.
 */
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ROWS = 200, MAX_CAPS = 8 };

struct expect {
	int column;	/* 0 os, 1 hw, 2 program */
	char regex[256];
	unsigned line;
};

struct capture {
	char name;
	char value[16];
};

static struct capture caps[MAX_CAPS];
static unsigned ncaps;

static const char *cap_get(char name)
{
	for (unsigned i = 0; i < ncaps; i++)
		if (caps[i].name == name)
			return caps[i].value;
	return NULL;
}

/* Build the regex for this row: set captures become their values, unset
 * ones a group.  *newcap gets the name of the group's capture (or 0), and
 * *unlike the capture it must differ from. */
static void expand(const char *in, char *out, size_t n, char *newcap, char *unlike)
{
	size_t o = 0;
	*newcap = *unlike = 0;
	for (const char *p = in; *p && o + 20 < n;) {
		if (p[0] == '{' && p[1] && (p[2] == '}' || (p[2] == '!' && p[3] && p[4] == '}'))) {
			const char *v = cap_get(p[1]);
			if (v) {
				o += (size_t)snprintf(out + o, n - o, "%s", v);
			} else {
				o += (size_t)snprintf(out + o, n - o, "([0-9]+)");
				*newcap = p[1];
				*unlike = p[2] == '!' ? p[3] : 0;
			}
			p += p[2] == '}' ? 3 : 5;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
}

static bool row_matches(const struct expect *e, const char *cell)
{
	char re_text[512], newcap, unlike;
	expand(e->regex, re_text, sizeof re_text, &newcap, &unlike);
	regex_t re;
	if (regcomp(&re, re_text, REG_EXTENDED)) {
		fprintf(stderr, "protocol_check: line %u: bad regex '%s'\n", e->line, re_text);
		exit(2);
	}
	regmatch_t m[2];
	bool ok = regexec(&re, cell, 2, m, 0) == 0;
	regfree(&re);
	if (!ok || !newcap)
		return ok;
	char value[16];
	int len = (int)(m[1].rm_eo - m[1].rm_so);
	snprintf(value, sizeof value, "%.*s", len, cell + m[1].rm_so);
	const char *other = unlike ? cap_get(unlike) : NULL;
	if (other && strcmp(other, value) == 0)
		return false;
	if (ncaps < MAX_CAPS) {
		caps[ncaps].name = newcap;
		snprintf(caps[ncaps].value, sizeof caps[ncaps].value, "%s", value);
		ncaps++;
	}
	return true;
}

/* Split a Markdown row "| n | label | os | hw | program |" into cells
 * (escaped \| and \\ undone).  Returns the number of cells. */
static int split_row(char *line, char cells[][256], int max)
{
	int n = 0;
	char *p = strchr(line, '|');
	if (!p)
		return 0;
	p++;
	while (*p && n < max) {
		size_t k = 0;
		while (*p == ' ')
			p++;
		while (*p && !(*p == '|' && p[-1] != '\\')) {
			if (*p == '\\' && (p[1] == '|' || p[1] == '\\'))
				p++;
			if (k + 1 < 256)
				cells[n][k++] = *p;
			p++;
		}
		while (k && cells[n][k - 1] == ' ')
			k--;
		cells[n][k] = '\0';
		n++;
		if (*p == '|')
			p++;
		if (*p == '\n' || !*p)
			break;
	}
	return n;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: protocol_check EXPECTED TABLE.md\n");
		return 2;
	}
	static struct expect want[MAX_ROWS];
	unsigned nwant = 0, lineno = 0;
	char line[1024];
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	while (fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		char *bar = strchr(line, '|');
		if (!bar || nwant == MAX_ROWS) {
			fprintf(stderr, "%s:%u: expected COLUMN|REGEX\n", argv[1], lineno);
			return 2;
		}
		*bar = '\0';
		int col = strcmp(line, "os") == 0 ? 0 : strcmp(line, "hw") == 0 ? 1
			: strcmp(line, "program") == 0 ? 2 : -1;
		if (col < 0) {
			fprintf(stderr, "%s:%u: column '%s' is not os, hw or program\n", argv[1], lineno, line);
			return 2;
		}
		want[nwant].column = col;
		want[nwant].line = lineno;
		snprintf(want[nwant].regex, sizeof want[nwant].regex, "%s", bar + 1);
		nwant++;
	}
	fclose(f);

	f = fopen(argv[2], "r");
	if (!f) {
		perror(argv[2]);
		return 2;
	}
	unsigned found = 0, rows = 0;
	while (found < nwant && fgets(line, sizeof line, f)) {
		char cells[5][256];
		if (split_row(line, cells, 5) != 5 || strcmp(cells[0], "n") == 0 || cells[0][0] == '-')
			continue;
		rows++;
		if (row_matches(&want[found], cells[2 + want[found].column]))
			found++;
	}
	fclose(f);
	if (found < nwant) {
		fprintf(stderr, "protocol_check: %s: row %u of %u not found in order in %s (%u rows read): %s|%s\n",
			argv[1], found + 1, nwant, argv[2], rows,
			want[found].column == 0 ? "os" : want[found].column == 1 ? "hw" : "program",
			want[found].regex);
		return 1;
	}
	printf("protocol_check: all %u rows of %s, in order\n", nwant, argv[1]);
	return 0;
}
