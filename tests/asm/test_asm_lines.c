/*
 * test_asm_lines.c - the line table vm asm puts in the image: each line
 * that made bytes, with its address and size; a pseudo-instruction's words
 * and a macro's expansion as one line (the line that wrote them); data and
 * reserved space; the sources' texts; paths as stored; none with no_lines.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "asm_fixture.h"

static void ok(struct asm_result *r, const struct asm_source *s, size_t n, bool no_lines)
{
	memset(r, 0, sizeof *r);
	FILE *diag = open_memstream(&r->diag, &r->diag_len);
	struct asm_input in = { s, n, NULL, 0, NULL, no_lines };
	r->errors = asm_assemble(&in, &r->image, &r->len, diag);
	fclose(diag);
	if (r->errors)
		fail_msg("unexpected errors:\n%s", r->diag);
	char err[200];
	if (img_parse(&r->im, r->image, r->len, err, sizeof err))
		fail_msg("the image does not parse: %s", err);
}

/* The line at addr: "file:line", or "-". */
static const char *at(const struct asm_result *r, uint32_t addr)
{
	static char buf[300];
	long i = img_line_at(&r->im, addr);
	if (i < 0)
		return "-";
	struct img_line l = img_line(&r->im, (uint32_t)i);
	snprintf(buf, sizeof buf, "%s:%u", img_source(&r->im, l.src).name, l.line);
	return buf;
}

/* Instructions, a two-word li, a macro, data and space: each byte is the
 * line that wrote it; comment lines and labels alone make nothing. */
static void test_each_line(void **state)
{
	(void)state;
	static const char src[] =
		"# a comment\n"				/* 1 */
		".macro twice r\n"			/* 2 */
		"\taddi \\r, \\r, 1\n"			/* 3 */
		"\taddi \\r, \\r, 1\n"			/* 4 */
		".endm\n"				/* 5 */
		"_start:\n"				/* 6 */
		"\tli a0, 0x12345678\t# two words\n"	/* 7 */
		"\ttwice a0\n"				/* 8 */
		"\thalt\n"				/* 9 */
		"\t.data\n"				/* 10 */
		"v:\t.word 1, 2\n"			/* 11 */
		"buf:\t.space 8\n";			/* 12 */
	struct asm_source s = { "t.s", src, sizeof src - 1 };
	struct asm_result r;
	ok(&r, &s, 1, false);
	assert_int_equal(r.im.nsrcs, 1);
	struct img_source f = img_source(&r.im, 0);
	assert_string_equal(f.name, "t.s");
	assert_int_equal(f.size, sizeof src - 1);
	assert_memory_equal(f.text, src, f.size);
	assert_string_equal(at(&r, 0), "t.s:7");
	assert_string_equal(at(&r, 4), "t.s:7");
	assert_string_equal(at(&r, 8), "t.s:8");	/* the use, not the body */
	assert_string_equal(at(&r, 12), "t.s:8");
	assert_string_equal(at(&r, 16), "t.s:9");
	assert_string_equal(at(&r, 20), "-");
	assert_int_equal(img_line(&r.im, 0).size, 8);	/* li: one line of 8 bytes */
	assert_int_equal(img_line(&r.im, 1).size, 8);	/* twice: both expansions */
	const struct img_seg *d = fx_seg(&r, SEG_WRITE);
	assert_non_null(d);
	assert_string_equal(at(&r, d->addr), "t.s:11");
	assert_string_equal(at(&r, d->addr + 7), "t.s:11");
	assert_string_equal(at(&r, d->addr + 8), "t.s:12");	/* bss too */
	assert_string_equal(at(&r, d->addr + 15), "t.s:12");
	assert_int_equal(r.im.nlines, 5);
	asm_result_free(&r);
}

/* no_lines: no line table, and otherwise the same image. */
static void test_no_lines(void **state)
{
	(void)state;
	static const char src[] = "_start:\thalt\n";
	struct asm_source s = { "t.s", src, sizeof src - 1 };
	struct asm_result with, without;
	ok(&with, &s, 1, false);
	ok(&without, &s, 1, true);
	assert_int_equal(without.im.nsrcs, 0);
	assert_int_equal(without.im.ltab, 0);
	assert_true(with.im.ltab > 0);
	assert_int_equal(without.len, with.im.ltab);
	size_t n;
	uint8_t *stripped = img_strip(&with.im, &n);
	assert_int_equal(n, without.len);
	assert_memory_equal(stripped, without.image, n);
	free(stripped);
	asm_result_free(&with);
	asm_result_free(&without);
}

/* Files on disk: an .include is a source of its own; "./" is dropped; a
 * file of the source tree is stored relative to it, wherever it is given
 * from. */
static void test_paths(void **state)
{
	(void)state;
	char dir[64], cwd[4096];
	fx_mkdtemp(dir);
	fx_put(dir, "main.s", "_start:\n\t.include \"inc.s\"\n\thalt\n");
	fx_put(dir, "inc.s", "# included\n\tnop\n");
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(dir), 0);
	struct asm_source s = { "./main.s", NULL, 0 };
	struct asm_result r;
	ok(&r, &s, 1, false);
	assert_int_equal(r.im.nsrcs, 2);
	assert_string_equal(img_source(&r.im, 0).name, "main.s");
	assert_string_equal(img_source(&r.im, 1).name, "inc.s");
	assert_string_equal(at(&r, 0), "inc.s:2");
	assert_string_equal(at(&r, 4), "main.s:3");
	asm_result_free(&r);

	char path[4200];
	snprintf(path, sizeof path, "%s/programs/trapdemo.s", VM_TEST_SOURCE_DIR);
	struct asm_source h = { path, NULL, 0 };
	ok(&r, &h, 1, false);
	assert_string_equal(img_source(&r.im, 0).name, "programs/trapdemo.s");
	asm_result_free(&r);
	assert_int_equal(chdir(cwd), 0);
	fx_remove(dir, "main.s");
	fx_remove(dir, "inc.s");
	fx_remove(dir, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_line),
		cmocka_unit_test(test_no_lines),
		cmocka_unit_test(test_paths),
	};
	return cmocka_run_group_tests_name("asm lines", tests, NULL, NULL);
}
