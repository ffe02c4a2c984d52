/*
 * gen_editors.c - writes the editors' syntax files (editors/vscode, editors/vim)
 * from their templates in editors/gen/, with the words of the language taken
 * from the tables the assembler itself reads: isa.def's mnemonics, regs.def's
 * registers, cregs.def's control registers, and the assembler's
 * pseudo-instructions, directives and predefined names (asm.h).  A row added
 * to one of them reaches the editors when the files are written again, and
 * the test editors_generated fails until they are.
 *
 * Usage:
 *     gen_editors SRC OUT          write every file of the table below from
 *                                  its template in SRC into OUT (both are
 *                                  editors/ folders; OUT may be SRC)
 *     gen_editors --check SRC OUT  the same into OUT, then exit 1, naming the
 *                                  first differing line, for each file of
 *                                  SRC that is not what it would be now
 *
 * In a template, {{NAME}} becomes a regular expression that matches any word
 * of the list NAME (escaped for where it stands: an Oniguruma expression in a
 * JSON string, or a Vim pattern).  In a Vim template, {{NAME:words}} ends a
 * line: the words separated by spaces, the line's beginning repeated as often
 * as it takes to keep lines short (for :syntax keyword).
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "isa.h"

/* ---- The lists ----------------------------------------------------------- */

enum list {
	L_MNEMONICS,		/* every row of isa.def */
	L_CR_MNEMONICS,		/* the rows that name a control register (F_CR) */
	L_PSEUDOS,		/* the assembler's pseudo-instructions */
	L_DIRECTIVES,
	L_REGISTERS,		/* r0..r15, then the ABI names */
	L_CREGS,		/* control registers as mfcr and mtcr take them */
	L_PREDEFINED,		/* CR_STATUS, SYS_EXIT, ... */
	L_COUNT
};

static const char *const list_names[L_COUNT] = {
	"MNEMONICS", "CR_MNEMONICS", "PSEUDOS", "DIRECTIVES", "REGISTERS", "CREGS", "PREDEFINED",
};

enum { WORD_MAX = 64 };

/* The i-th word of list l into buf (WORD_MAX bytes); false past the last. */
static bool list_word(enum list l, size_t i, char *buf)
{
	const char *s = NULL;
	switch (l) {
	case L_MNEMONICS:
		s = i < ISA_COUNT ? isa_insns[i].mnemonic : NULL;
		break;
	case L_CR_MNEMONICS:
		for (size_t k = 0; k < ISA_COUNT && !s; k++)
			if ((isa_insns[k].flags & F_CR) && i-- == 0)
				s = isa_insns[k].mnemonic;
		break;
	case L_PSEUDOS:
		s = asm_pseudo_name(i);
		break;
	case L_DIRECTIVES:
		s = asm_directive_name(i);
		break;
	case L_REGISTERS:
		/* the assembler's two spellings of a register (asm_reg) */
		if (i < REG_COUNT) {
			snprintf(buf, WORD_MAX, "r%zu", i);
			return true;
		}
		s = i < 2 * REG_COUNT ? isa_reg_names[i - REG_COUNT] : NULL;
		break;
	case L_CREGS:
		/* cregs.def's names in lower case (asm_creg) */
		if (i >= CR_COUNT)
			return false;
		for (size_t k = 0; k < WORD_MAX; k++) {
			buf[k] = (char)tolower((unsigned char)isa_cregs[i].name[k]);
			if (!buf[k])
				return true;
		}
		return false;
	case L_PREDEFINED:
		return asm_predefined_name(i, buf, WORD_MAX);
	case L_COUNT:
		break;
	}
	if (!s || strlen(s) >= WORD_MAX)
		return false;
	strcpy(buf, s);
	return true;
}

/* ---- Output -------------------------------------------------------------- */

struct out {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		while (cap < o->len + n + 1)
			cap *= 2;
		char *p = realloc(o->p, cap);
		if (!p) {
			o->oom = true;
			return;
		}
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void puts_out(struct out *o, const char *s) { put(o, s, strlen(s)); }

enum target { T_TEXTMATE, T_VIM };

/* One word as a regular expression that matches it literally, for t. */
static void put_regex_word(struct out *o, enum target t, const char *w)
{
	/* Oniguruma and Vim (magic) read these as operators */
	const char *meta = t == T_TEXTMATE ? ".$^*+?()[]{}|\\/" : ".$^*~[]\\/";
	for (; *w; w++) {
		if (strchr(meta, *w))
			puts_out(o, t == T_TEXTMATE ? "\\\\" : "\\");	/* JSON doubles it */
		if (t == T_TEXTMATE && *w == '"')
			puts_out(o, "\\");
		put(o, w, 1);
	}
}

/* The words of :syntax keyword that are its options: Vim cannot take them
 * as keywords (":help :syn-keyword"). */
static bool vim_keyword_option(const char *w)
{
	static const char *const opts[] = {
		"cchar", "conceal", "concealends", "contained", "containedin", "contains",
		"display", "extend", "fold", "keepend", "nextgroup", "oneline", "skipempty",
		"skipnl", "skipwhite", "transparent", "excludenl", "matchgroup", "start",
		"skip", "end",
	};
	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
		if (strcmp(opts[i], w) == 0)
			return true;
	return false;
}

/* {{NAME}}: the list as an alternation, in t's syntax. */
static void put_alternation(struct out *o, enum target t, enum list l)
{
	char w[WORD_MAX];
	for (size_t i = 0; list_word(l, i, w); i++) {
		if (i)
			puts_out(o, t == T_TEXTMATE ? "|" : "\\|");
		put_regex_word(o, t, w);
	}
}

enum { VIM_LINE_MAX = 78 };

/* {{NAME:words}} at the end of a Vim line whose beginning is head: the words,
 * as many lines as it takes. */
static bool put_words(struct out *o, const char *head, size_t headlen, enum list l,
		      const char *tmpl, int lineno)
{
	char w[WORD_MAX];
	size_t col = 0;
	for (size_t i = 0; list_word(l, i, w); i++) {
		if (vim_keyword_option(w)) {
			fprintf(stderr, "gen_editors: %s:%d: '%s' of %s is an option of "
				"':syntax keyword'; match it with ':syntax match' instead\n",
				tmpl, lineno, w, list_names[l]);
			return false;
		}
		size_t n = strlen(w);
		if (i && col + 1 + n > VIM_LINE_MAX) {
			puts_out(o, "\n");
			col = 0;
		}
		if (col == 0) {
			put(o, head, headlen);
			col = headlen;
		} else {
			puts_out(o, " ");
			col++;
		}
		put(o, w, n);
		col += n;
	}
	return true;
}

/* ---- Templates ----------------------------------------------------------- */

/* The list a placeholder names (n bytes at s), or L_COUNT. */
static enum list find_list(const char *s, size_t n)
{
	for (int l = 0; l < L_COUNT; l++)
		if (strlen(list_names[l]) == n && memcmp(list_names[l], s, n) == 0)
			return (enum list)l;
	return L_COUNT;
}

/* Expand the template text (NUL-terminated) into o. */
static bool expand(struct out *o, enum target t, const char *text, const char *tmpl)
{
	int lineno = 1;
	const char *line = text;
	for (const char *p = text; *p;) {
		if (p[0] != '{' || p[1] != '{') {
			if (*p == '\n') {
				lineno++;
				line = p + 1;
			}
			put(o, p++, 1);
			continue;
		}
		const char *name = p + 2, *end = strstr(name, "}}");
		const char *nl = strchr(name, '\n');
		if (end && nl && nl < end)
			end = NULL;
		const char *colon = end ? memchr(name, ':', (size_t)(end - name)) : NULL;
		enum list l = end ? find_list(name, (size_t)((colon ? colon : end) - name)) : L_COUNT;
		if (l == L_COUNT) {
			fprintf(stderr, "gen_editors: %s:%d: '{{' starts no placeholder: "
				"{{NAME}} or {{NAME:words}} with NAME one of", tmpl, lineno);
			for (int k = 0; k < L_COUNT; k++)
				fprintf(stderr, " %s", list_names[k]);
			fputc('\n', stderr);
			return false;
		}
		if (!colon) {
			put_alternation(o, t, l);
			p = end + 2;
			continue;
		}
		if (t != T_VIM || strncmp(colon, ":words}}", 8) != 0
		    || (end[2] != '\n' && end[2] != '\0')) {
			fprintf(stderr, "gen_editors: %s:%d: only a Vim template may end a line "
				"with {{NAME:words}}\n", tmpl, lineno);
			return false;
		}
		/* the line's beginning is already out: take it back, then repeat it */
		size_t headlen = (size_t)(p - line);
		o->len -= headlen;
		if (!put_words(o, line, headlen, l, tmpl, lineno))
			return false;
		p = end + 2;
	}
	return !o->oom;
}

/* ---- Files --------------------------------------------------------------- */

/* Every generated file: its target, template and output, under editors/. */
static const struct gen {
	enum target target;
	const char *tmpl, *out;
} gens[] = {
	{ T_TEXTMATE, "gen/ldx-asm.tmLanguage.json.in", "vscode/syntaxes/ldx-asm.tmLanguage.json" },
	{ T_VIM, "gen/ldxasm.vim.in", "vim/syntax/ldxasm.vim" },
};

/* The whole file at path, NUL-terminated, or NULL (errno set). */
static char *slurp(const char *path, size_t *len)
{
	char *p = NULL;
	size_t n = 0, cap = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 16384;
			char *q = realloc(p, cap);
			if (!q)
				goto fail;
			p = q;
		}
		size_t got = fread(p + n, 1, 4096, f);
		n += got;
		if (got < 4096)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	p[n] = '\0';
	*len = n;
	return p;
fail:
	free(p);
	fclose(f);
	return NULL;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + 1 + strlen(name) + 1;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* The line number where a and b first differ. */
static int first_difference(const char *a, const char *b)
{
	int line = 1;
	for (; *a && *a == *b; a++, b++)
		line += *a == '\n';
	return line;
}

/* Generate one file into out_dir; with check, compare it with src_dir's.
 * Returns 0, 1 for a stale file, 2 for an error. */
static int generate(const struct gen *g, const char *src_dir, const char *out_dir, bool check)
{
	int rc = 2;
	struct out o = { 0 };
	size_t len;
	char *text = NULL, *committed = NULL;
	char *tmpl = join(src_dir, g->tmpl), *out = join(out_dir, g->out);
	char *mine = join(src_dir, g->out);
	FILE *f = NULL;
	if (!tmpl || !out || !mine)
		goto fail;
	text = slurp(tmpl, &len);
	if (!text) {
		fprintf(stderr, "gen_editors: %s: %s\n", tmpl, strerror(errno));
		goto fail;
	}
	if (!expand(&o, g->target, text, tmpl))
		goto fail;
	f = fopen(out, "wb");
	if (!f || fwrite(o.p, 1, o.len, f) != o.len || fclose(f) != 0) {
		fprintf(stderr, "gen_editors: cannot write %s: %s\n", out, strerror(errno));
		f = NULL;
		goto fail;
	}
	f = NULL;
	rc = 0;
	if (!check)
		goto fail;
	committed = slurp(mine, &len);
	if (!committed || len != o.len || memcmp(committed, o.p, len) != 0) {
		fprintf(stderr, "gen_editors: editors/%s is not what the tables make now "
			"(line %d differs from %s); write it again: "
			"cmake --build build --target editors-update\n", g->out,
			committed ? first_difference(committed, o.p) : 1, out);
		rc = 1;
	}
fail:
	if (f)
		fclose(f);
	free(o.p);
	free(text);
	free(committed);
	free(tmpl);
	free(out);
	free(mine);
	return rc;
}

int main(int argc, char **argv)
{
	bool check = argc == 4 && strcmp(argv[1], "--check") == 0;
	if (argc != 3 + check) {
		fputs("usage: gen_editors [--check] SRC OUT   (SRC and OUT: editors/ folders)\n", stderr);
		return 2;
	}
	const char *src = argv[1 + check], *out = argv[2 + check];
	int rc = 0;
	for (size_t i = 0; i < sizeof gens / sizeof gens[0]; i++) {
		int r = generate(&gens[i], src, out, check);
		if (r > rc)
			rc = r;
	}
	return rc;
}
