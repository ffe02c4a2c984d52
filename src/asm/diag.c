/*
 * diag.c - the one place the assembler reports a problem: the position, the
 * message, the source line as written and a caret under the place (for a
 * line a macro made: its body line, then where the macro was used).  Also
 * the "did you mean" of a message about a misspelt name.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#define ASM_INTERNAL
#include "asm.h"

static const char *const kind_names[] = {
	[DIAG_ERROR] = "error", [DIAG_WARNING] = "warning", [DIAG_NOTE] = "note",
};

/* The caret line: tabs kept so it lines up with the source above it, and
 * one column per UTF-8 character (continuation bytes take no column). */
static void print_caret(FILE *f, const struct asm_line *ln, size_t col)
{
	for (size_t i = 0; i < col && i < ln->len; i++) {
		unsigned char c = (unsigned char)ln->text[i];
		if (c == '\t')
			fputc('\t', f);
		else if ((c & 0xC0) != 0x80)
			fputc(' ', f);
	}
	for (size_t i = ln->len; i < col; i++)
		fputc(' ', f);
	fputs("^\n", f);
}

/* The substitution of x that col of the expanded line falls in, or NULL;
 * *raw is where col is in the body line as written. */
static const struct asm_subst *locate(const struct asm_xline *x, size_t col, size_t *raw)
{
	*raw = col;
	for (size_t i = 0; i < x->nsubs && x->subs[i].at <= col; i++) {
		const struct asm_subst *s = &x->subs[i];
		if (col < s->at + s->len) {
			*raw = s->raw;
			return s;
		}
		/* the text after a substitution is copied as written */
		*raw = s->raw + s->rawlen + (col - s->at - s->len);
	}
	return NULL;
}

/* The line as written in its file, and *col's place in it: an expanded line
 * shows as the body line it was made from. */
static struct asm_line written(const struct asm_line *ln, size_t *col)
{
	struct asm_line w = *ln;
	if (ln->x) {
		locate(ln->x, *col, col);
		w.text = ln->x->raw;
		w.len = ln->x->raw_len;
		w.x = NULL;
	}
	return w;
}

static void print_line(FILE *f, const struct asm_line *ln, size_t col)
{
	fwrite(ln->text, 1, ln->len, f);
	fputc('\n', f);
	print_caret(f, ln, col);
}

/* Under a message about an expanded line: each use of a macro that made
 * it, innermost first, the caret under the argument the column came from
 * (or under the macro's name). */
static void print_expansions(FILE *f, const struct asm_line *ln, size_t col)
{
	while (ln->x) {
		const struct asm_expansion *e = ln->x->exp;
		size_t raw;
		const struct asm_subst *s = locate(ln->x, col, &raw);
		col = s && s->use != (size_t)-1 ? s->use + (col - s->at) : e->col;
		ln = &e->use;
		size_t c = col;
		struct asm_line w = written(ln, &c);
		fprintf(f, "%s:%lu:%zu: note: in expansion of macro '%s'\n", w.file->name,
			(unsigned long)w.lineno, c + 1, e->macro);
		print_line(f, &w, c);
	}
}

void asm_diag(struct asm_ctx *A, enum asm_diag_kind kind, const char *name,
	      const struct asm_line *ln, size_t col, const char *fmt, ...)
{
	if (A->pass == 1 || A->quiet > 0 || A->stop)
		return;
	if (kind == DIAG_ERROR)
		A->nerrors++;
	FILE *f = A->diag;
	if (f) {
		size_t c = col;
		struct asm_line w = ln ? written(ln, &c) : (struct asm_line){ 0 };
		if (ln)
			fprintf(f, "%s:%lu:%zu: %s: ", w.file->name, (unsigned long)w.lineno, c + 1,
				kind_names[kind]);
		else
			fprintf(f, "%s: %s: ", name, kind_names[kind]);
		va_list ap;
		va_start(ap, fmt);
		vfprintf(f, fmt, ap);
		va_end(ap);
		fputc('\n', f);
		if (ln) {
			print_line(f, &w, c);
			print_expansions(f, ln, col);
		}
	}
	if (kind == DIAG_ERROR && A->nerrors >= ASM_MAX_ERRORS) {
		if (f)
			fprintf(f, "%s: note: too many errors (%d), stopping\n",
				ln ? ln->file->name : name, ASM_MAX_ERRORS);
		A->stop = true;
	}
}

void asm_oom(struct asm_ctx *A)
{
	if (A->oom)
		return;
	A->oom = true;
	A->nerrors++;
	if (A->diag)
		fputs("error: out of memory\n", A->diag);
	A->stop = true;
}

/* ---- Did you mean ----------------------------------------------------------
 * The candidates come from the tables that define the names (isa.def,
 * regs.def, cregs.def, the directive table, the symbol table), so a new row
 * is suggested as soon as it exists.  The distance is the optimal string
 * alignment distance (an insertion, a deletion, a substitution or a swap of
 * two neighbours costs 1), with case ignored, so "ADD" suggests "add".  Of
 * names equally close, the first with the longest common beginning wins.
 */

/* How far a word of n bytes may be from a name to be suggested: a third of
 * it, at least 1 and at most 2 ("ad" -> "add", but "loop" is no "pop"). */
static size_t near_limit(size_t n)
{
	size_t k = n / 3;
	return k < 1 ? 1 : k > 2 ? 2 : k;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

/* The distance from a (n bytes) to b (m bytes), both at most IMG_MAX_NAME. */
static size_t distance(const char *a, size_t n, const char *b, size_t m)
{
	size_t rows[3][IMG_MAX_NAME + 1];
	size_t *two = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= m; j++)
		prev[j] = j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb));
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2])
			    && tolower((unsigned char)a[i - 2]) == cb && two[j - 2] + 1 < cur[j])
				cur[j] = two[j - 2] + 1;
		}
		size_t *t = two;
		two = prev;
		prev = cur;
		cur = t;
	}
	return prev[m];
}

/* How many bytes a and b begin with alike: of two names as close to a
 * word, the one that begins like it wins ("ad" is "add" before "and"). */
static size_t prefix(const char *a, size_t n, const char *b, size_t m)
{
	size_t k = 0;
	while (k < n && k < m && tolower((unsigned char)a[k]) == tolower((unsigned char)b[k]))
		k++;
	return k;
}

void asm_near_init(struct asm_near *s, const char *word, size_t n)
{
	s->word = word;
	s->n = n;
	s->dist = SIZE_MAX;
	s->prefix = 0;
	s->best[0] = '\0';
}

void asm_near_try(struct asm_near *s, const char *name, size_t n)
{
	size_t lim = near_limit(s->n);
	if (s->n > IMG_MAX_NAME || n > IMG_MAX_NAME || n + lim < s->n || s->n + lim < n)
		return;
	size_t d = distance(s->word, s->n, name, n);
	if (d > lim || d >= s->n || d > s->dist)
		return;
	size_t pre = prefix(s->word, s->n, name, n);
	if (d == s->dist && pre <= s->prefix)
		return;
	s->dist = d;
	s->prefix = pre;
	memcpy(s->best, name, n);
	s->best[n] = '\0';
}

const char *asm_near_hint(const struct asm_near *s, char *buf, size_t size)
{
	if (s->dist == SIZE_MAX)
		return "";
	snprintf(buf, size, "; did you mean '%s'?", s->best);
	return buf;
}
