/*
 * asm.c - the assembler's driver: loads the sources, runs the two passes
 * over their lines (following .include and expanding macros), places .data
 * after .text, and hands the result to output.c.
 *
 * Pass 1 defines every label and measures every statement; pass 2 sees the
 * same lines again, with every symbol known, and emits the bytes and every
 * diagnostic.  So a line is always reported in pass 2, in source order.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ASM_INTERNAL
#include "asm.h"

static void process_file(struct asm_ctx *A, const struct asm_srcfile *f);

static struct asm_srcfile *new_file(struct asm_ctx *A, const char *name, size_t n)
{
	struct asm_srcfile *f = calloc(1, sizeof *f);
	if (f && !(f->name = asm_strndup(name, n))) {
		free(f);
		f = NULL;
	}
	if (!f) {
		asm_oom(A);
		return NULL;
	}
	f->next = A->files;
	A->files = f;
	return f;
}

/* Read a whole file; errno set on failure. */
static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (!asm_grow((void **)&buf, &cap, n + 65536, 1)) {
			errno = ENOMEM;
			goto fail;
		}
		size_t got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (n > ASM_MAX_FILE) {
			errno = EFBIG;
			goto fail;
		}
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		errno = EIO;
		goto fail;
	}
	fclose(fp);
	*len = n;
	return buf;
fail:
	free(buf);
	fclose(fp);
	return NULL;
}

/* The loaded file at path, loading it if it is new.  NULL with errno set,
 * or NULL and errno 0 after out of memory. */
static struct asm_srcfile *load(struct asm_ctx *A, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return NULL;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return NULL;
	}
	for (struct asm_srcfile *f = A->files; f; f = f->next)
		if (f->on_disk && f->dev == (unsigned long long)st.st_dev
		    && f->ino == (unsigned long long)st.st_ino)
			return f;
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		return NULL;
	struct asm_srcfile *f = new_file(A, path, strlen(path));
	if (!f) {
		free(text);
		errno = 0;
		return NULL;
	}
	f->text = text;
	f->len = len;
	f->on_disk = true;
	f->dev = (unsigned long long)st.st_dev;
	f->ino = (unsigned long long)st.st_ino;
	return f;
}

/* .include "name": relative to the directory of the including file. */
static void include(struct asm_ctx *A, const struct asm_line *ln)
{
	const char *dir_end = strrchr(ln->file->name, '/');
	size_t dlen = A->inc_name[0] == '/' || !dir_end ? 0 : (size_t)(dir_end - ln->file->name) + 1;
	char *path = malloc(dlen + A->inc_len + 1);
	if (!path) {
		asm_oom(A);
		return;
	}
	memcpy(path, ln->file->name, dlen);
	memcpy(path + dlen, A->inc_name, A->inc_len);
	path[dlen + A->inc_len] = '\0';
	const char *shown = path + dlen;
	size_t col = A->inc_col;
	errno = 0;
	struct asm_srcfile *f = load(A, path);
	if (!f) {
		if (errno == ENOENT)
			asm_diag(A, DIAG_ERROR, NULL, ln, col, "include file '%s' not found", shown);
		else if (errno)
			asm_diag(A, DIAG_ERROR, NULL, ln, col, "cannot read include file '%s': %s", shown,
				 strerror(errno));
		goto done;
	}
	for (int i = 0; i < A->depth; i++) {
		if (A->stack[i] == f) {
			asm_diag(A, DIAG_ERROR, NULL, ln, col, "include cycle: '%s' is already being read",
				 shown);
			goto done;
		}
	}
	if (A->depth > ASM_MAX_INCLUDE_DEPTH) {
		asm_diag(A, DIAG_ERROR, NULL, ln, col, "includes nested too deeply (limit %d)",
			 ASM_MAX_INCLUDE_DEPTH);
		goto done;
	}
	process_file(A, f);
done:
	free(path);
}

void asm_run_line(struct asm_ctx *A, const struct asm_line *ln)
{
	A->seq++;
	A->line = ln;
	A->stmt_col = 0;
	A->lst = (struct asm_lst){ LST_NONE, A->cur, A->sec[A->cur].size, 0, false };
	A->inc_name = NULL;
	A->use = NULL;
	if (!A->defining || !asm_macro_record(A, ln))
		asm_parse_line(A, ln);
	if (A->pass == 2 && A->listing)
		asm_list_line(A, ln);
	if (A->inc_name && !A->stop)
		include(A, ln);
	if (A->use && !A->stop)
		asm_macro_expand(A, ln);
}

static void process_file(struct asm_ctx *A, const struct asm_srcfile *f)
{
	A->stack[A->depth++] = f;
	const char *p = f->text, *end = f->text + f->len;
	uint32_t lineno = 0;
	while (p < end && !A->stop) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct asm_line ln = { f, ++lineno, p, len, NULL };
		if (len > 0 && p[len - 1] == '\r')
			ln.len--;
		p += len + (nl != NULL);
		asm_run_line(A, &ln);
	}
	if (A->defining && !A->stop)
		asm_macro_eof(A);
	A->depth--;
}

static void run_pass(struct asm_ctx *A, int pass, struct asm_srcfile *const *top, size_t ntop)
{
	A->pass = pass;
	A->seq = 0;
	A->poslog = 0;
	A->cur = SEC_TEXT;
	A->has_entry = false;
	asm_macros_reset(A);
	for (int i = 0; i < SEC_COUNT; i++) {
		struct asm_section *s = &A->sec[i];
		s->size = s->filled = 0;
		s->touched = s->odd_told = s->odd_known = false;
		s->fixed = i == SEC_TEXT;
		/* pass 2 starts each section where pass 1 ended up putting it, so
		 * that a label is right even above the .org that placed it */
		s->placed = i == SEC_TEXT || pass == 2;
		if (i == SEC_TEXT && pass == 1)
			s->base = 0;
	}
	for (size_t i = 0; i < ntop && !A->stop; i++)
		process_file(A, top[i]);
}

/* After pass 1: .data without an .org goes after .text, at a multiple of 16
 * and of its largest .align. */
static void place_data(struct asm_ctx *A)
{
	struct asm_section *t = &A->sec[SEC_TEXT], *d = &A->sec[SEC_DATA];
	if (d->placed)
		return;
	uint64_t align = d->align > 16 ? d->align : 16;
	uint64_t at = ((uint64_t)t->base + t->size + align - 1) / align * align;
	d->base = at > MEM_MAX ? MEM_MAX : (uint32_t)at;	/* too far: output.c says so */
	d->placed = true;
}

int asm_assemble(const struct asm_input *in, uint8_t **image, size_t *len, FILE *diag)
{
	*image = NULL;
	*len = 0;
	struct asm_ctx *A = calloc(1, sizeof *A);
	struct asm_srcfile **top = calloc(in->nsources ? in->nsources : 1, sizeof *top);
	if (!A || !top) {
		if (diag)
			fputs("error: out of memory\n", diag);
		free(A);
		free(top);
		return 1;
	}
	A->diag = diag;
	A->listing = in->listing;
	A->no_lines = in->no_lines;
	A->sec[SEC_TEXT].name = ".text";
	A->sec[SEC_DATA].name = ".data";
	if (!asm_syms_init(A))
		asm_oom(A);
	if (in->nsources == 0)
		asm_diag(A, DIAG_ERROR, "asm", NULL, 0, "no source files");
	for (size_t i = 0; i < in->nsources && !A->stop; i++) {
		const struct asm_source *src = &in->sources[i];
		if (src->text) {
			top[i] = new_file(A, src->name, strlen(src->name));
			if (top[i] && !(top[i]->text = asm_strndup(src->text, src->len)))
				asm_oom(A);
			else if (top[i])
				top[i]->len = src->len;
			continue;
		}
		errno = 0;
		top[i] = load(A, src->name);
		if (!top[i] && errno)
			asm_diag(A, DIAG_ERROR, src->name, NULL, 0, "cannot read: %s", strerror(errno));
	}
	if (A->nerrors == 0) {
		run_pass(A, 1, top, in->nsources);
		place_data(A);
		A->pass = 2;
		asm_resolve_equs(A);
		if (!A->stop)
			run_pass(A, 2, top, in->nsources);
		if (!A->stop)
			*image = asm_output(A, in, len);
	}
	int n = A->nerrors;
	if (n) {
		free(*image);
		*image = NULL;
		*len = 0;
	}
	while (A->files) {
		struct asm_srcfile *f = A->files;
		A->files = f->next;
		free(f->name);
		free(f->text);
		free(f);
	}
	for (int i = 0; i < SEC_COUNT; i++)
		free(A->sec[i].bytes);
	asm_syms_free(A);
	asm_macros_free(A);
	asm_toks_free(&A->toks);
	free(A->log);
	free(A->lrecs);
	free(A);
	free(top);
	return n;
}
