/*
 * macro.c - .macro NAME [param, ...] / .endm, and their uses.  The lines
 * between .macro and .endm are kept as written; a use of NAME assembles
 * them again, each "\param" replaced by the text of its argument and each
 * "\()" by nothing.  Strings, character literals and comments are copied
 * as they are, so '\n' in a body is still a newline.  The driver (asm.c)
 * runs each expanded line like a line of a file; an expanded line keeps
 * the pieces it was made of, so that diag.c can show a message about it on
 * the body line as written and on the line of each use.
 *
 * Macros are defined again in each pass, in the same order, so a macro is
 * known from its .macro line on, in both passes alike.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define ASM_INTERNAL
#include "asm.h"

struct body_line {
	struct asm_line ln;	/* as written, in its file */
	bool bad;		/* a "\name" that is no parameter: reported, skipped */
};

struct asm_macro {
	struct asm_macro *next;
	struct asm_line def;	/* the .macro line */
	size_t name_col, name_len;
	size_t pcol[ASM_MAX_MACRO_PARAMS], plen[ASM_MAX_MACRO_PARAMS];
	int nparams;
	bool keep;		/* false: its .macro line is wrong (reported); dropped at .endm */
	struct body_line *body;
	size_t nbody, capbody;
};

/* Memory that lives until the end of the assembly. */
struct asm_kept {
	struct asm_kept *next;
	max_align_t data[];
};

static void *keep(struct asm_ctx *A, size_t n)
{
	struct asm_kept *k = malloc(sizeof *k + n);
	if (!k) {
		asm_oom(A);
		return NULL;
	}
	k->next = A->kept;
	A->kept = k;
	return k->data;
}

const struct asm_macro *asm_macro_find(const struct asm_ctx *A, const char *name, size_t n)
{
	for (const struct asm_macro *m = A->macros; m; m = m->next)
		if (m->name_len == n && memcmp(m->def.text + m->name_col, name, n) == 0)
			return m;
	return NULL;
}

const struct asm_line *asm_macro_line(const struct asm_macro *m)
{
	return &m->def;
}

const char *asm_macro_name(const struct asm_macro *m, size_t *n)
{
	*n = m->name_len;
	return m->def.text + m->name_col;
}

int asm_macro_params(const struct asm_macro *m, const char **text, size_t *len)
{
	*text = m->nparams ? m->def.text + m->pcol[0] : "";
	*len = m->nparams ? m->pcol[m->nparams - 1] + m->plen[m->nparams - 1] - m->pcol[0] : 0;
	return m->nparams;
}

const struct asm_macro *asm_macro_next(const struct asm_ctx *A, const struct asm_macro *m)
{
	return m ? m->next : A->macros;
}

/* ---- Definition ------------------------------------------------------------ */

void asm_macro_begin(struct asm_ctx *A, const struct asm_line *ln, size_t name_col,
		     size_t name_len, const size_t *pcol, const size_t *plen, int nparams, bool keep_it)
{
	struct asm_macro *m = calloc(1, sizeof *m);
	if (!m) {
		asm_oom(A);
		return;
	}
	m->def = *ln;
	m->name_col = name_col;
	m->name_len = name_len;
	m->nparams = nparams;
	memcpy(m->pcol, pcol, (size_t)nparams * sizeof *pcol);
	memcpy(m->plen, plen, (size_t)nparams * sizeof *plen);
	m->keep = keep_it;
	A->defining = m;
}

static void free_macro(struct asm_macro *m)
{
	free(m->body);
	free(m);
}

/* .endm, or its absence: the macro being defined is complete. */
static void end_macro(struct asm_ctx *A)
{
	struct asm_macro *m = A->defining;
	A->defining = NULL;
	if (!m->keep) {
		free_macro(m);
		return;
	}
	m->next = A->macros;
	A->macros = m;
}

static int find_param(const struct asm_macro *m, const char *name, size_t n)
{
	for (int i = 0; i < m->nparams; i++)
		if (m->plen[i] == n && memcmp(m->def.text + m->pcol[i], name, n) == 0)
			return i;
	return -1;
}

/*
 * The next "\name" or "\()" of s (n bytes) at or after from, outside
 * strings, character literals and comments: its start and length (1 for a
 * backslash followed by neither).  False if there is none.  from must be
 * outside any literal, which the end of the last one found always is.
 */
static bool next_escape(const char *s, size_t n, size_t from, size_t *at, size_t *len)
{
	char quote = 0;
	for (size_t i = from; i < n; i++) {
		char c = s[i];
		if (quote) {
			if (c == '\\')
				i++;
			else if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '#' || c == ';')
			return false;
		if (c == '"' || c == '\'') {
			quote = c;
			continue;
		}
		if (c != '\\')
			continue;
		*at = i;
		if (i + 2 < n && s[i + 1] == '(' && s[i + 2] == ')') {
			*len = 3;
			return true;
		}
		size_t k = i + 1;
		while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '_'))
			k++;
		*len = k - i;
		return true;
	}
	return false;
}

static bool is_separator(const char *s, size_t len)
{
	return len == 3 && s[1] == '(';
}

/* A body line's escapes must name parameters: said once, here, and the
 * line is left out of every expansion. */
static bool check_body_line(struct asm_ctx *A, const struct asm_macro *m, const struct asm_line *ln)
{
	size_t at, len;
	bool ok = true;
	for (size_t i = 0; next_escape(ln->text, ln->len, i, &at, &len); i = at + len) {
		const char *name = ln->text + at + 1;
		if (is_separator(ln->text + at, len) || find_param(m, name, len - 1) >= 0)
			continue;
		if (len == 1)
			asm_diag(A, DIAG_ERROR, NULL, ln, at,
				 "expected a parameter name after '\\' (or '\\()')");
		else
			asm_diag(A, DIAG_ERROR, NULL, ln, at, "'\\%.*s' is not a parameter of macro '%.*s'",
				 (int)(len - 1), name, (int)m->name_len, m->def.text + m->name_col);
		ok = false;
	}
	return ok;
}

/* Is the first token of ln the directive d? */
static bool first_is(const struct asm_toks *t, const struct asm_line *ln, const char *d)
{
	return t->n > 0 && t->v[0].kind == TK_IDENT && t->v[0].len == strlen(d)
	       && memcmp(ln->text + t->v[0].col, d, t->v[0].len) == 0;
}

bool asm_macro_record(struct asm_ctx *A, const struct asm_line *ln)
{
	struct asm_macro *m = A->defining;
	const struct asm_toks *t = &A->toks;
	if (ln->len > ASM_MAX_LINE) {
		A->toks.n = 0;	/* not lexed (see asm_parse_line): a body line */
	} else if (!asm_lex(ln, &A->toks)) {
		asm_oom(A);
		return true;
	}
	if (first_is(t, ln, ".endm")) {
		const struct asm_tok *next = &t->v[1];
		if (next->kind != TK_EOL)
			asm_diag(A, DIAG_ERROR, NULL, ln, next->col, "expected end of line after '.endm'");
		end_macro(A);
		return true;
	}
	if (first_is(t, ln, ".macro")) {
		asm_diag(A, DIAG_ERROR, NULL, ln, t->v[0].col,
			 "'.macro' inside macro '%.*s': is its '.endm' missing?", (int)m->name_len,
			 m->def.text + m->name_col);
		end_macro(A);
		return false;
	}
	if (!asm_grow((void **)&m->body, &m->capbody, m->nbody + 1, sizeof *m->body)) {
		asm_oom(A);
		return true;
	}
	m->body[m->nbody].ln = *ln;
	m->body[m->nbody].bad = !check_body_line(A, m, ln);
	m->nbody++;
	return true;
}

void asm_macro_eof(struct asm_ctx *A)
{
	struct asm_macro *m = A->defining;
	asm_diag(A, DIAG_ERROR, NULL, &m->def, m->name_col,
		 "macro '%.*s' has no '.endm' (it runs to the end of the file)", (int)m->name_len,
		 m->def.text + m->name_col);
	A->defining = NULL;
	free_macro(m);
}

/* ---- Expansion ------------------------------------------------------------- */

/* Append n bytes to the line being built; false on out of memory. */
static bool put(struct asm_ctx *A, size_t *len, const char *s, size_t n)
{
	/* a line past ASM_MAX_LINE is refused whole: stop growing it there */
	if (*len > ASM_MAX_LINE)
		return true;
	if (!asm_grow((void **)&A->xtext, &A->xcap, *len + n + 1, 1))
		return false;
	memcpy(A->xtext + *len, s, n);
	*len += n;
	return true;
}

static bool put_subst(struct asm_ctx *A, size_t *nsubs, struct asm_subst s)
{
	if (!asm_grow((void **)&A->xsubs, &A->xsubcap, *nsubs + 1, sizeof *A->xsubs))
		return false;
	A->xsubs[(*nsubs)++] = s;
	return true;
}

/*
 * The body line b with each "\param" replaced by its argument (arg_col and
 * arg_len in the line of the use), kept with where its pieces came from.
 * False on out of memory.
 */
static bool expand_line(struct asm_ctx *A, const struct asm_macro *m, const struct asm_expansion *e,
			const struct asm_line *b, const size_t *arg_col, const size_t *arg_len,
			struct asm_line *out)
{
	size_t len = 0, nsubs = 0, at, elen, i = 0;
	for (; next_escape(b->text, b->len, i, &at, &elen); i = at + elen) {
		if (!put(A, &len, b->text + i, at - i))
			return false;
		struct asm_subst s = { len, 0, at, elen, (size_t)-1 };
		if (!is_separator(b->text + at, elen)) {
			int k = find_param(m, b->text + at + 1, elen - 1);
			s.len = arg_len[k];
			s.use = arg_col[k];
			if (!put(A, &len, e->use.text + arg_col[k], arg_len[k]))
				return false;
		}
		if (!put_subst(A, &nsubs, s))
			return false;
	}
	if (!put(A, &len, b->text + i, b->len - i))
		return false;
	struct asm_xline *x = keep(A, sizeof *x + nsubs * sizeof *A->xsubs + len);
	if (!x)
		return false;
	struct asm_subst *subs = (struct asm_subst *)(x + 1);
	char *text = (char *)(subs + nsubs);
	if (nsubs)	/* else xsubs may be NULL */
		memcpy(subs, A->xsubs, nsubs * sizeof *subs);
	memcpy(text, A->xtext, len);
	*x = (struct asm_xline){ e, b->text, b->len, subs, nsubs };
	*out = (struct asm_line){ b->file, b->lineno, text, len, x };
	return true;
}

/* The record of a use, kept as long as the lines made from it. */
static struct asm_expansion *new_expansion(struct asm_ctx *A, const struct asm_macro *m,
					   const struct asm_line *use, size_t col)
{
	struct asm_expansion *e = keep(A, sizeof *e + m->name_len + 1);
	if (!e)
		return NULL;
	char *name = (char *)(e + 1);
	memcpy(name, m->def.text + m->name_col, m->name_len);
	name[m->name_len] = '\0';
	*e = (struct asm_expansion){ name, *use, col };
	return e;
}

/* The line in a file where the expansions that made ln began (ln itself if
 * it is one), with the column and name of the macro used there: a limit
 * is said there, not under a note for each level. */
static const struct asm_line *outermost(const struct asm_line *ln, size_t *col, const char **name)
{
	for (; ln->x; ln = &ln->x->exp->use) {
		*col = ln->x->exp->col;
		*name = ln->x->exp->macro;
	}
	return ln;
}

void asm_macro_expand(struct asm_ctx *A, const struct asm_line *ln)
{
	const struct asm_macro *m = A->use;
	size_t col = A->use_col, arg_col[ASM_MAX_MACRO_PARAMS], arg_len[ASM_MAX_MACRO_PARAMS];
	memcpy(arg_col, A->arg_col, sizeof arg_col);
	memcpy(arg_len, A->arg_len, sizeof arg_len);
	if (A->macro_unwind)
		return;
	if (A->macro_depth >= ASM_MAX_MACRO_DEPTH) {
		const char *name = "";	/* ln is expanded: outermost names it */
		const struct asm_line *top = outermost(ln, &col, &name);
		asm_diag(A, DIAG_ERROR, NULL, top, col,
			 "macro '%s' nested too deeply (limit %d): does it use itself?", name,
			 ASM_MAX_MACRO_DEPTH);
		A->macro_unwind = true;
		return;
	}
	struct asm_expansion *e = new_expansion(A, m, ln, col);
	if (!e)
		return;
	A->macro_depth++;
	for (size_t i = 0; i < m->nbody && !A->stop && !A->macro_unwind; i++) {
		if (m->body[i].bad)
			continue;
		if (A->macro_lines >= ASM_MAX_MACRO_LINES) {
			const char *name = NULL;
			const struct asm_line *top = outermost(ln, &col, &name);
			if (A->macro_lines++ == ASM_MAX_MACRO_LINES)	/* said once a pass */
				asm_diag(A, DIAG_ERROR, NULL, top, col,
					 "macros expanded into more than %d lines", ASM_MAX_MACRO_LINES);
			A->macro_unwind = true;
			break;
		}
		A->macro_lines++;
		struct asm_line x;
		if (!expand_line(A, m, e, &m->body[i].ln, arg_col, arg_len, &x)) {
			asm_oom(A);
			break;
		}
		asm_run_line(A, &x);
	}
	if (--A->macro_depth == 0)
		A->macro_unwind = false;
}

/* ---- Lifetime ---------------------------------------------------------------- */

void asm_macros_reset(struct asm_ctx *A)
{
	while (A->macros) {
		struct asm_macro *m = A->macros;
		A->macros = m->next;
		free_macro(m);
	}
	if (A->defining)
		free_macro(A->defining);
	A->defining = NULL;
	A->macro_depth = 0;
	A->macro_unwind = false;
	A->macro_lines = 0;
}

void asm_macros_free(struct asm_ctx *A)
{
	asm_macros_reset(A);
	while (A->kept) {
		struct asm_kept *k = A->kept;
		A->kept = k->next;
		free(k);
	}
	free(A->xtext);
	free(A->xsubs);
	A->xtext = NULL;
	A->xsubs = NULL;
}
