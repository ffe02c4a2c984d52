/*
 * output.c - the finished program as an image: checks what only the whole
 * program can show (entry point, overlapping sections, memory size), then
 * collects segments, symbols, packed files and the line table for
 * img_write.
 */
#define _DEFAULT_SOURCE	/* realpath */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define ASM_INTERNAL
#include "asm.h"

static bool empty(const struct asm_section *s) { return s->size == 0; }
static uint64_t end_of(const struct asm_section *s) { return (uint64_t)s->base + s->size; }

/* Entry: .entry, else the symbol _start, else the start of .text; it must
 * be an instruction of .text. */
static bool check_entry(struct asm_ctx *A, const char *prog, uint32_t *entry)
{
	const struct asm_section *t = &A->sec[SEC_TEXT];
	const struct asm_line *ln = NULL;
	size_t col = 0;
	const char *what = "entry point";
	struct asm_sym *s = asm_sym_find(A, "_start", 6);
	if (A->has_entry) {
		if (!A->entry_known)
			return false;	/* reported */
		*entry = A->entry;
		ln = &A->entry_line;
		col = A->entry_col;
	} else if (s && s->kind != SYMK_PREDEF) {
		if (s->kind == SYMK_EQU && s->state != EQU_KNOWN)
			return false;	/* reported */
		*entry = s->kind == SYMK_LABEL ? A->sec[s->section].base + s->value : s->value;
		ln = &s->line;
		col = s->col;
		what = "_start";
	} else {
		*entry = t->base;
	}
	if (empty(t)) {
		if (A->nerrors)
			return false;	/* the errors may have emptied it */
		asm_diag(A, DIAG_ERROR, prog, NULL, 0, "no instructions: .text is empty");
		return false;
	}
	if (*entry % 4 != 0 || *entry < t->base || *entry >= end_of(t)) {
		asm_diag(A, DIAG_ERROR, prog, ln, col,
			 "%s 0x%08x is not an instruction in .text (0x%08x..0x%08llx)", what, *entry,
			 t->base, (unsigned long long)end_of(t) - 1);
		return false;
	}
	return true;
}

static bool check_layout(struct asm_ctx *A, const char *prog)
{
	bool ok = true;
	for (int i = 0; i < SEC_COUNT; i++) {
		const struct asm_section *s = &A->sec[i];
		if (!empty(s) && end_of(s) > MEM_MAX) {
			asm_diag(A, DIAG_ERROR, prog, NULL, 0,
				 "%s ends at 0x%08llx, beyond MEM_MAX (0x%08x)", s->name,
				 (unsigned long long)end_of(s), MEM_MAX);
			ok = false;
		}
	}
	const struct asm_section *t = &A->sec[SEC_TEXT], *d = &A->sec[SEC_DATA];
	if (!empty(t) && !empty(d) && t->base < end_of(d) && d->base < end_of(t)) {
		asm_diag(A, DIAG_ERROR, prog, NULL, 0,
			 ".text (0x%08x..0x%08llx) and .data (0x%08x..0x%08llx) overlap", t->base,
			 (unsigned long long)end_of(t) - 1, d->base, (unsigned long long)end_of(d) - 1);
		ok = false;
	}
	return ok;
}

/* The packed files, flagged FILE_IMAGE when they are images themselves. */
static bool collect_files(struct asm_ctx *A, const struct asm_input *in, struct img_file *out,
			  struct img *scratch)
{
	bool ok = true;
	for (size_t i = 0; i < in->nfiles; i++) {
		const struct asm_file *f = &in->files[i];
		size_t n = f->name ? strlen(f->name) : 0;
		const char *shown = f->name ? f->name : "";
		if (n == 0 || n > IMG_MAX_NAME) {
			asm_diag(A, DIAG_ERROR, "asm", NULL, 0,
				 "file name '%s' must have 1 to %d characters", shown, IMG_MAX_NAME);
			ok = false;
			continue;
		}
		for (size_t k = 0; k < i; k++) {
			if (in->files[k].name && strcmp(in->files[k].name, f->name) == 0) {
				asm_diag(A, DIAG_ERROR, "asm", NULL, 0, "two files named '%s'", shown);
				ok = false;
			}
		}
		if (f->size > UINT32_MAX) {
			asm_diag(A, DIAG_ERROR, "asm", NULL, 0, "file '%s' is larger than 4 GiB", shown);
			ok = false;
			continue;
		}
		char err[160];
		out[i] = (struct img_file){ f->name, f->data, (uint32_t)f->size, 0 };
		if (img_parse(scratch, f->data, f->size, err, sizeof err) == 0)
			out[i].flags = FILE_IMAGE;
	}
	return ok;
}

/* ---- The line table ---------------------------------------------------------- */

#ifndef VM_SOURCE_DIR
#define VM_SOURCE_DIR ""
#endif
#ifndef VM_BINARY_DIR
#define VM_BINARY_DIR ""
#endif

/* rest if path is dir/rest (dir resolved), else NULL. */
static const char *under(const char *path, const char *dir)
{
	char real[PATH_MAX];
	if (!*dir || !realpath(dir, real))
		return NULL;
	size_t n = strlen(real);
	if (strncmp(path, real, n) != 0 || path[n] != '/')
		return NULL;
	return path + n + 1;
}

/* The path a source is stored under: relative to the build tree or the
 * source tree of this vm if it lies in one (the deeper first: a build tree
 * may be inside the source tree), else as given, without a leading "./";
 * then made a valid image string (printable ASCII, at most IMG_MAX_NAME
 * bytes: the end of a longer path is kept). */
static char *stored_path(const char *name)
{
	char real[PATH_MAX];
	const char *rel = NULL;
	if (name[0] != '<' && realpath(name, real)) {
		const char *b = under(real, VM_BINARY_DIR), *src = under(real, VM_SOURCE_DIR);
		rel = b && (!src || strlen(b) < strlen(src)) ? b : src;
	}
	if (!rel) {
		rel = name;
		while (rel[0] == '.' && rel[1] == '/')
			rel += 2;
	}
	size_t n = strlen(rel);
	if (n > IMG_MAX_NAME)
		rel += n - IMG_MAX_NAME;
	char *out = asm_strndup(*rel ? rel : "?", *rel ? strlen(rel) : 1);
	for (char *c = out; c && *c; c++)
		if (*c < 0x20 || *c > 0x7E)
			*c = '?';
	return out;
}

static int by_addr(const void *a, const void *b)
{
	const struct img_line *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Every source file read, in the order read, and the lines that made
 * bytes, by address.  False on out of memory (reported). */
static bool collect_lines(struct asm_ctx *A, struct img_desc *d, char ***names)
{
	uint32_t n = 0;
	for (struct asm_srcfile *f = A->files; f; f = f->next)
		n++;
	if (n == 0 || n > IMG_MAX_SRCS || A->nlrecs > IMG_MAX_LINES)
		return true;	/* no line table: too big to be one */
	struct img_source *srcs = calloc(n, sizeof *srcs);
	struct img_line *lines = malloc((A->nlrecs ? A->nlrecs : 1) * sizeof *lines);
	*names = calloc(n, sizeof **names);
	if (!srcs || !lines || !*names)
		goto oom;
	uint32_t i = n;
	for (struct asm_srcfile *f = A->files; f; f = f->next) {	/* newest first */
		f->src = --i;
		if (!((*names)[i] = stored_path(f->name)))
			goto oom;
		srcs[i] = (struct img_source){ (*names)[i], f->text, (uint32_t)f->len };
	}
	for (size_t k = 0; k < A->nlrecs; k++) {
		const struct asm_lrec *r = &A->lrecs[k];
		lines[k] = (struct img_line){ A->sec[r->sec].base + r->off, r->size, r->file->src,
					      r->line };
	}
	qsort(lines, A->nlrecs, sizeof *lines, by_addr);
	d->nsrcs = n;
	d->srcs = srcs;
	d->nlines = (uint32_t)A->nlrecs;
	d->lines = lines;
	return true;
oom:
	free(srcs);
	free(lines);
	asm_oom(A);
	return false;
}

uint8_t *asm_output(struct asm_ctx *A, const struct asm_input *in, size_t *len)
{
	const char *prog = in->nsources ? in->sources[0].name : "asm";
	uint32_t entry = 0;
	bool ok = check_layout(A, prog);
	ok = check_entry(A, prog, &entry) && ok;

	uint8_t *image = NULL;
	size_t nuser = A->nsyms - A->npredef;
	struct img_sym *syms = malloc((nuser ? nuser : 1) * sizeof *syms);
	struct img_file *files = malloc((in->nfiles ? in->nfiles : 1) * sizeof *files);
	struct img *scratch = malloc(sizeof *scratch);
	if (!syms || !files || !scratch) {
		asm_oom(A);
		goto done;
	}
	ok = collect_files(A, in, files, scratch) && ok;
	if (!ok || A->nerrors)
		goto done;

	uint32_t nsyms = 0;
	for (size_t i = A->npredef; i < A->nsyms; i++) {
		const struct asm_sym *s = A->syms[i];
		if (s->kind == SYMK_LABEL)
			syms[nsyms++] = (struct img_sym){ s->name, A->sec[s->section].base + s->value,
							 s->section == SEC_TEXT ? SYM_CODE : SYM_DATA };
		else if (s->kind == SYMK_EQU && s->state == EQU_KNOWN)
			syms[nsyms++] = (struct img_sym){ s->name, s->value, SYM_CONST };
	}

	struct img_seg segs[SEC_COUNT];
	uint32_t nsegs = 0;
	for (int i = 0; i < SEC_COUNT; i++) {
		const struct asm_section *s = &A->sec[i];
		if (!empty(s))
			segs[nsegs++] = (struct img_seg){ s->base, 0, s->filled, s->size,
							  i == SEC_TEXT ? SEG_EXEC : SEG_WRITE, s->bytes };
	}

	struct img_desc d = { entry, nsegs, nsyms, (uint32_t)in->nfiles, segs, syms, files,
			      0, 0, NULL, NULL };
	char **names = NULL;
	if (!A->no_lines && !collect_lines(A, &d, &names))
		goto done;
	image = img_write(&d, len);
	for (uint32_t i = 0; names && i < d.nsrcs; i++)
		free(names[i]);
	free(names);
	free((void *)d.srcs);
	free((void *)d.lines);
	if (!image) {
		asm_oom(A);
		goto done;
	}
	char err[160];
	if (img_parse(scratch, image, *len, err, sizeof err) != 0) {
		asm_diag(A, DIAG_ERROR, prog, NULL, 0, "internal error: the image does not validate: %s",
			 err);
		free(image);
		image = NULL;
	}
done:
	free(syms);
	free(files);
	free(scratch);
	return image;
}
