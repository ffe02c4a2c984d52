/*
 * emit.c - where bytes go: the current section, its address, and the
 * values pass 1 measured sizes with (pass 2 must lay out the same bytes, so
 * it replays them instead of computing them again).
 */
#include <stdlib.h>
#include <string.h>

#define ASM_INTERNAL
#include "asm.h"

bool asm_grow(void **v, size_t *cap, size_t n, size_t sz)
{
	if (n <= *cap)
		return true;
	size_t c = *cap ? *cap : 16;
	while (c < n) {
		if (c > SIZE_MAX / 2 / sz)
			return false;
		c *= 2;
	}
	void *p = realloc(*v, c * sz);
	if (!p)
		return false;
	*v = p;
	*cap = c;
	return true;
}

char *asm_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

bool asm_dot(struct asm_ctx *A, uint32_t *addr)
{
	struct asm_section *s = &A->sec[A->cur];
	s->touched = true;
	*addr = s->base + s->size;
	return s->placed;
}

uint8_t asm_sec_byte(const struct asm_section *s, uint32_t off)
{
	return off < s->filled ? s->bytes[off] : 0;
}

/* Make room for n more bytes; false (reported) if the section would pass
 * MEM_MAX bytes, which no machine can load. */
static bool room(struct asm_ctx *A, uint32_t n)
{
	struct asm_section *s = &A->sec[A->cur];
	if (n > MEM_MAX - s->size) {
		asm_diag(A, DIAG_ERROR, NULL, A->line, A->stmt_col,
			 "%s would grow past MEM_MAX (0x%08x bytes)", s->name, MEM_MAX);
		return false;
	}
	return true;
}

/* Pass 2: the current line made n bytes at the end of the section.  A line
 * of a macro's expansion counts as the line that used the macro. */
static void note_line(struct asm_ctx *A, uint32_t n)
{
	const struct asm_line *ln = A->line;
	if (A->pass != 2 || A->no_lines || !ln)
		return;
	while (ln->x)
		ln = &ln->x->exp->use;
	struct asm_section *s = &A->sec[A->cur];
	if (A->nlrecs) {
		struct asm_lrec *r = &A->lrecs[A->nlrecs - 1];
		if (r->sec == A->cur && r->off + r->size == s->size && r->file == ln->file &&
		    r->line == ln->lineno) {
			r->size += n;
			return;
		}
	}
	if (!asm_grow((void **)&A->lrecs, &A->caplrecs, A->nlrecs + 1, sizeof *A->lrecs)) {
		asm_oom(A);
		return;
	}
	A->lrecs[A->nlrecs++] = (struct asm_lrec){ A->cur, s->size, n, ln->file, ln->lineno };
}

/* Pass 2: store n bytes at the end of the section (zeros between). */
static uint8_t *store(struct asm_ctx *A, uint32_t n)
{
	struct asm_section *s = &A->sec[A->cur];
	size_t cap = s->cap;
	if (!asm_grow((void **)&s->bytes, &cap, (size_t)s->size + n, 1)) {
		asm_oom(A);
		return NULL;
	}
	s->cap = (uint32_t)cap;
	memset(s->bytes + s->filled, 0, s->size - s->filled);
	s->filled = s->size + n;
	return s->bytes + s->size;
}

void asm_emit(struct asm_ctx *A, const void *bytes, uint32_t n)
{
	if (n == 0 || !room(A, n))
		return;
	struct asm_section *s = &A->sec[A->cur];
	note_line(A, n);
	if (A->pass == 2) {
		uint8_t *p = store(A, n);
		if (!p)
			return;
		memcpy(p, bytes, n);
	}
	s->size += n;
}

void asm_emit_word(struct asm_ctx *A, uint32_t w)
{
	uint8_t b[4] = { (uint8_t)w, (uint8_t)(w >> 8), (uint8_t)(w >> 16), (uint8_t)(w >> 24) };
	asm_emit(A, b, 4);
}

void asm_fill(struct asm_ctx *A, uint32_t n, uint8_t fill)
{
	if (n == 0 || !room(A, n))
		return;
	struct asm_section *s = &A->sec[A->cur];
	note_line(A, n);
	if (A->pass == 2 && fill != 0) {
		uint8_t *p = store(A, n);
		if (!p)
			return;
		memset(p, fill, n);
	}
	s->size += n;
}

struct asm_layout asm_layout(struct asm_ctx *A, uint32_t value, bool known)
{
	struct asm_layout l = { value, known };
	if (A->pass == 1) {
		if (!asm_grow((void **)&A->log, &A->caplog, A->nlog + 1, sizeof *A->log)) {
			asm_oom(A);
			return l;
		}
		A->log[A->nlog++] = l;
		return l;
	}
	if (A->poslog < A->nlog)
		return A->log[A->poslog++];
	/* pass 2 went a different way than pass 1: a bug, not the source's fault */
	asm_diag(A, DIAG_ERROR, NULL, A->line, A->stmt_col, "internal error: passes disagree");
	l.known = false;
	return l;
}
