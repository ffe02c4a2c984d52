/*
 * diag.c - the one place the assembler reports a problem: the position, the
 * message, the source line as written and a caret under the place.
 */
#include <stdarg.h>

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

void asm_diag(struct asm_ctx *A, enum asm_diag_kind kind, const char *name,
	      const struct asm_line *ln, size_t col, const char *fmt, ...)
{
	if (A->pass == 1 || A->quiet > 0 || A->stop)
		return;
	if (kind == DIAG_ERROR)
		A->nerrors++;
	FILE *f = A->diag;
	if (f) {
		if (ln)
			fprintf(f, "%s:%lu:%zu: %s: ", ln->file->name, (unsigned long)ln->lineno,
				col + 1, kind_names[kind]);
		else
			fprintf(f, "%s: %s: ", name, kind_names[kind]);
		va_list ap;
		va_start(ap, fmt);
		vfprintf(f, fmt, ap);
		va_end(ap);
		fputc('\n', f);
		if (ln) {
			fwrite(ln->text, 1, ln->len, f);
			fputc('\n', f);
			print_caret(f, ln, col);
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
