/*
 * asm_fixture.c - see asm_fixture.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "asm_fixture.h"

int asm_run_input(struct asm_result *r, const struct asm_source *srcs, size_t n,
		  const struct asm_file *files, size_t nfiles, bool listing)
{
	memset(r, 0, sizeof *r);
	size_t llen = 0;
	FILE *diag = open_memstream(&r->diag, &r->diag_len);
	FILE *lst = listing ? open_memstream(&r->listing, &llen) : NULL;
	if (!diag || (listing && !lst))
		abort();
	struct asm_input in = { srcs, n, files, nfiles, lst, false };
	r->errors = asm_assemble(&in, &r->image, &r->len, diag);
	fclose(diag);
	if (lst)
		fclose(lst);
	if (r->errors == 0) {
		char err[200];
		if (img_parse(&r->im, r->image, r->len, err, sizeof err) != 0) {
			fprintf(stderr, "image does not parse: %s\n", err);
			abort();
		}
	}
	return r->errors;
}

int asm_run(struct asm_result *r, const char *src)
{
	struct asm_source s = { "t.s", src, strlen(src) };
	return asm_run_input(r, &s, 1, NULL, 0, false);
}

int asm_run_listed(struct asm_result *r, const char *src)
{
	struct asm_source s = { "t.s", src, strlen(src) };
	return asm_run_input(r, &s, 1, NULL, 0, true);
}

void asm_result_free(struct asm_result *r)
{
	free(r->diag);
	free(r->listing);
	free(r->image);
	memset(r, 0, sizeof *r);
}

void fx_check(const char *src, int errors, const char *diag)
{
	struct asm_result r;
	int n = asm_run(&r, src);
	if (strcmp(r.diag, diag) != 0 || n != errors)
		fail_msg("for:\n%s\ngot %d error(s):\n%s\nwant %d:\n%s", src, n, r.diag, errors, diag);
	assert_null(r.image);
	assert_int_equal(r.len, 0);
	asm_result_free(&r);
}

const struct img_seg *fx_seg(const struct asm_result *r, uint32_t flags)
{
	for (uint32_t i = 0; r->errors == 0 && i < r->im.nsegs; i++)
		if (r->im.segs[i].flags == flags)
			return &r->im.segs[i];
	return NULL;
}

uint32_t fx_word(const struct asm_result *r, uint32_t i)
{
	const struct img_seg *s = fx_seg(r, SEG_EXEC);
	if (!s || (uint64_t)i * 4 + 4 > s->filesz)
		return 0;
	const uint8_t *p = s->data + 4 * i;
	return p[0] | p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint32_t fx_nwords(const struct asm_result *r)
{
	const struct img_seg *s = fx_seg(r, SEG_EXEC);
	return s ? s->filesz / 4 : 0;
}

bool fx_sym(const struct asm_result *r, const char *name, uint32_t *value, uint32_t *kind)
{
	for (uint32_t i = 0; r->errors == 0 && i < r->im.nsyms; i++) {
		struct img_sym s = img_symbol(&r->im, i);
		if (strcmp(s.name, name) == 0) {
			if (value)
				*value = s.value;
			if (kind)
				*kind = s.kind;
			return true;
		}
	}
	return false;
}

void fx_mkdtemp(char dir[64])
{
	strcpy(dir, "/tmp/asm-test-XXXXXX");
	if (!mkdtemp(dir))
		abort();
}

void fx_put(const char *dir, const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		abort();
}

void fx_remove(const char *dir, const char *rel)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	remove(path);
}

uint32_t fx_rand(uint32_t *state)
{
	uint32_t x = *state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}
