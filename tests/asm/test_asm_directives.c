/*
 * test_asm_directives.c - the directives and what reaches the image:
 * sections and where they land, .org/.align/.space, data, constants and
 * forward references, .include, the entry point, the symbol table, packed
 * files, several sources as one program, and the listing.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "asm_fixture.h"

static void ok(struct asm_result *r, const char *src)
{
	if (asm_run(r, src) != 0)
		fail_msg("unexpected errors for:\n%s\n%s", src, r->diag);
	assert_string_equal(r->diag, "");
}

static void assert_bytes(const struct img_seg *s, const uint8_t *want, size_t n)
{
	assert_non_null(s);
	assert_int_equal(s->filesz, n);
	assert_memory_equal(s->data, want, n);
}

static uint32_t sym(const struct asm_result *r, const char *name, uint32_t kind)
{
	uint32_t v, k;
	if (!fx_sym(r, name, &v, &k))
		fail_msg("no symbol %s", name);
	assert_int_equal(k, kind);
	return v;
}

/* .data follows .text at the next multiple of 16, whatever order the
 * source switches sections in. */
static void test_data_follows_text(void **state)
{
	(void)state;
	struct asm_result r;
	ok(&r, "\tnop\n\t.data\nd0:\t.word 7\n\t.text\n\tnop\n\tnop\n\tnop\nt_end:\tnop\n"
	       "\t.section .data\nd1:\t.byte 1\n");
	const struct img_seg *t = fx_seg(&r, SEG_EXEC), *d = fx_seg(&r, SEG_WRITE);
	assert_int_equal(r.im.nsegs, 2);
	assert_int_equal(t->addr, 0);
	assert_int_equal(t->memsz, 20);
	assert_int_equal(d->addr, 32);
	assert_int_equal(d->memsz, 5);
	assert_int_equal(sym(&r, "d0", SYM_DATA), 32);
	assert_int_equal(sym(&r, "d1", SYM_DATA), 36);
	assert_int_equal(sym(&r, "t_end", SYM_CODE), 16);
	asm_result_free(&r);

	/* text ending on a multiple of 16: data right after */
	ok(&r, "\tnop\n\tnop\n\tnop\n\tnop\n\t.data\n\t.byte 1\n");
	assert_int_equal(fx_seg(&r, SEG_WRITE)->addr, 16);
	asm_result_free(&r);

	/* a larger .align in .data moves its start to that multiple */
	ok(&r, "\tnop\n\t.data\n\t.align 64\nd:\t.byte 1\n");
	assert_int_equal(fx_seg(&r, SEG_WRITE)->addr, 64);
	assert_int_equal(sym(&r, "d", SYM_DATA), 64);
	asm_result_free(&r);

	/* .data's labels can be used before .data is placed */
	ok(&r, "\tla a0, msg\n\tli a1, msg\n\t.data\nmsg:\t.asciz \"hi\"\n");
	assert_int_equal(fx_word(&r, 1), insn_enc_i(OP_ORI, REG_a0, REG_a0, 16));
	assert_int_equal(fx_word(&r, 3), insn_enc_i(OP_ORI, REG_a1, REG_a1, 16));
	asm_result_free(&r);
}

/* An .org before anything in a section says where it starts; later ones
 * pad forward with zeros. */
static void test_org(void **state)
{
	(void)state;
	struct asm_result r;
	ok(&r, "\t.org 0x100\nfirst:\tnop\n\t.org 0x10C\n\tnop\n\t.data\n\t.org 0x2000\nd:\t.word 1\n"
	       "\t.org . + 4\n\t.byte 2\n");
	const struct img_seg *t = fx_seg(&r, SEG_EXEC), *d = fx_seg(&r, SEG_WRITE);
	assert_int_equal(t->addr, 0x100);
	assert_int_equal(t->memsz, 0x10);
	assert_int_equal(fx_word(&r, 0), insn_enc_i(OP_ADDI, 0, 0, 0));
	assert_int_equal(fx_word(&r, 1), 0);
	assert_int_equal(fx_word(&r, 2), 0);
	assert_int_equal(fx_word(&r, 3), insn_enc_i(OP_ADDI, 0, 0, 0));
	assert_int_equal(r.im.entry, 0x100);
	assert_int_equal(sym(&r, "first", SYM_CODE), 0x100);
	static const uint8_t data[] = { 1, 0, 0, 0, 0, 0, 0, 0, 2 };
	assert_int_equal(d->addr, 0x2000);
	assert_bytes(d, data, sizeof data);
	asm_result_free(&r);

	/* a label used above the .org that places its section */
	ok(&r, "\t.entry start\n\t.data\n\t.org 0x3000\nptr:\t.word start, .\n"
	       "\t.text\n\t.org 0x100\nstart:\tnop\n");
	assert_int_equal(r.im.entry, 0x100);
	static const uint8_t ptr[] = { 0x00, 0x01, 0, 0, 0x00, 0x30, 0, 0 };
	assert_bytes(fx_seg(&r, SEG_WRITE), ptr, sizeof ptr);
	asm_result_free(&r);

	/* after a label the section has started: .org pads from 0 */
	ok(&r, "start:\t.org 8\n\tnop\n");
	assert_int_equal(fx_seg(&r, SEG_EXEC)->addr, 0);
	assert_int_equal(fx_nwords(&r), 3);
	assert_int_equal(sym(&r, "start", SYM_CODE), 0);
	asm_result_free(&r);

	/* .org to the current address changes nothing */
	ok(&r, "\tnop\n\t.org 4\n\tnop\n");
	assert_int_equal(fx_nwords(&r), 2);
	asm_result_free(&r);
}

static void test_align(void **state)
{
	(void)state;
	struct asm_result r;
	ok(&r, "\tnop\n\t.data\n\t.byte 1\n\t.align 4\na:\t.half 2\n\t.align 1\n\t.align 2\nb:\t.byte 3\n"
	       "\t.align 16\nc:\t.byte 4\n");
	static const uint8_t want[] = { 1, 0, 0, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4 };
	const struct img_seg *d = fx_seg(&r, SEG_WRITE);
	assert_bytes(d, want, sizeof want);
	assert_int_equal(sym(&r, "a", SYM_DATA) - d->addr, 4);
	assert_int_equal(sym(&r, "b", SYM_DATA) - d->addr, 6);
	assert_int_equal(sym(&r, "c", SYM_DATA) - d->addr, 16);
	asm_result_free(&r);

	/* the usual use: back to instructions after a string */
	ok(&r, "\tj next\nmsg:\t.ascii \"abc\"\n\t.align 4\nnext:\tnop\n");
	assert_int_equal(sym(&r, "next", SYM_CODE), 8);
	assert_int_equal(fx_word(&r, 0), insn_enc_j(OP_JAL, 0, 2));
	asm_result_free(&r);
}

/* .word/.half/.byte little-endian, any expression, signed or unsigned;
 * .ascii/.asciz with escapes and several strings. */
static void test_data(void **state)
{
	(void)state;
	struct asm_result r;
	ok(&r, "\tnop\n\t.data\n"
	       "\t.word 0x11223344, -1\n"
	       "\t.half 0xBEEF, -2, 65535, -32768\n"
	       "\t.byte 1, 255, -128, 'A'\n"
	       "\t.ascii \"a\\tb\\n\", \"\\\"\\\\\\x7f\\0\"\n"
	       "\t.asciz \"xy\", \"\"\n"
	       "\t.word 0\n");
	static const uint8_t want[] = {
		0x44, 0x33, 0x22, 0x11, 0xFF, 0xFF, 0xFF, 0xFF,
		0xEF, 0xBE, 0xFE, 0xFF, 0xFF, 0xFF, 0x00, 0x80,
		0x01, 0xFF, 0x80, 'A',
		'a', '\t', 'b', '\n', '"', '\\', 0x7F, 0,
		'x', 'y', 0, 0,
		0, 0, 0, 0,
	};
	assert_bytes(fx_seg(&r, SEG_WRITE), want, sizeof want);
	asm_result_free(&r);

	/* no automatic alignment: .word goes where it is */
	ok(&r, "\tnop\n\t.data\n\t.byte 9\n\t.word 0x01020304\n");
	static const uint8_t unaligned[] = { 9, 4, 3, 2, 1 };
	assert_bytes(fx_seg(&r, SEG_WRITE), unaligned, sizeof unaligned);
	asm_result_free(&r);
}

/* .space n[, fill]; zeros at the end of a section are not stored in the
 * file (memsz > filesz). */
static void test_space(void **state)
{
	(void)state;
	struct asm_result r;
	ok(&r, "\tnop\n\t.data\n\t.byte 1\n\t.space 3\n\t.space 2, 0xAB\n\t.space 1, -1\n\t.space 0\n"
	       "\t.byte 2\nbuf:\t.space 100\nbuf_end:\n");
	static const uint8_t want[] = { 1, 0, 0, 0, 0xAB, 0xAB, 0xFF, 2 };
	const struct img_seg *d = fx_seg(&r, SEG_WRITE);
	assert_bytes(d, want, sizeof want);
	assert_int_equal(d->memsz, sizeof want + 100);
	assert_int_equal(sym(&r, "buf_end", SYM_DATA) - sym(&r, "buf", SYM_DATA), 100);
	asm_result_free(&r);

	/* a data section of zeros only: a segment with no file bytes */
	ok(&r, "\tnop\n\t.data\nstack:\t.space 4096\n");
	d = fx_seg(&r, SEG_WRITE);
	assert_non_null(d);
	assert_int_equal(d->filesz, 0);
	assert_int_equal(d->memsz, 4096);
	asm_result_free(&r);

	/* sizes from constants defined above */
	ok(&r, "N = 3\n\tnop\n\t.space N * 4, 1\n\tnop\n");
	assert_int_equal(fx_word(&r, 1), 0x01010101);
	assert_int_equal(fx_word(&r, 4), insn_enc_i(OP_ADDI, 0, 0, 0));
	asm_result_free(&r);
}

/* .equ and '=': constants, forward references, chains, and which names
 * reach the image's symbol table. */
static void test_equ(void **state)
{
	(void)state;
	struct asm_result r;
	ok(&r, "\t.equ A, 5\n"
	       "B = A * 2\n"
	       "\tli a0, C\n"		/* C is not known in pass 1: two words */
	       "\tli a1, B\n"		/* known: one */
	       "C = D + 1\n"
	       "D = end - start\n"
	       "start:\tnop\n"
	       "\tnop\n"
	       "end:\n"
	       "HERE = .\n"
	       "\t.word C, D, HERE\n");
	assert_int_equal(fx_word(&r, 0), insn_enc_i(OP_LUI, REG_a0, 0, 0));
	assert_int_equal(fx_word(&r, 1), insn_enc_i(OP_ORI, REG_a0, REG_a0, 9));
	assert_int_equal(fx_word(&r, 2), insn_enc_i(OP_ADDI, REG_a1, 0, 10));
	assert_int_equal(fx_word(&r, 5), 9);
	assert_int_equal(fx_word(&r, 6), 8);
	assert_int_equal(fx_word(&r, 7), 20);
	assert_int_equal(sym(&r, "A", SYM_CONST), 5);
	assert_int_equal(sym(&r, "B", SYM_CONST), 10);
	assert_int_equal(sym(&r, "C", SYM_CONST), 9);
	assert_int_equal(sym(&r, "D", SYM_CONST), 8);
	assert_int_equal(sym(&r, "HERE", SYM_CONST), 20);
	assert_int_equal(sym(&r, "start", SYM_CODE), 12);
	assert_int_equal(sym(&r, "end", SYM_CODE), 20);
	assert_int_equal(r.im.nsyms, 7);
	asm_result_free(&r);

	/* a constant may hold an address in .data before .data is placed */
	ok(&r, "\tli a0, P\n\t.data\n\t.byte 1\nP = .\n");
	assert_int_equal(fx_word(&r, 1), insn_enc_i(OP_ORI, REG_a0, REG_a0, 17));
	assert_int_equal(sym(&r, "P", SYM_CONST), 17);
	asm_result_free(&r);
}

/* Labels: several on a line, names with '.', '_' and '$'. */
static void test_labels(void **state)
{
	(void)state;
	struct asm_result r;
	ok(&r, "a: b:\tnop\n.L1: _x$y: c:\n\tnop\n\t.global a, b\n\t.globl c\n");
	assert_int_equal(sym(&r, "a", SYM_CODE), 0);
	assert_int_equal(sym(&r, "b", SYM_CODE), 0);
	assert_int_equal(sym(&r, ".L1", SYM_CODE), 4);
	assert_int_equal(sym(&r, "_x$y", SYM_CODE), 4);
	assert_int_equal(sym(&r, "c", SYM_CODE), 4);
	asm_result_free(&r);
}

/* The entry point: .entry, else _start, else the start of .text. */
static void test_entry(void **state)
{
	(void)state;
	struct asm_result r;
	ok(&r, "\tnop\nmain:\tnop\n_start:\tnop\n\t.entry main\n");
	assert_int_equal(r.im.entry, 4);
	asm_result_free(&r);
	ok(&r, "\tnop\nmain:\tnop\n_start:\tnop\n");
	assert_int_equal(r.im.entry, 8);
	asm_result_free(&r);
	ok(&r, "\t.org 0x40\n\tnop\nmain:\tnop\n");
	assert_int_equal(r.im.entry, 0x40);
	asm_result_free(&r);
	ok(&r, "\tnop\n\tnop\n\t.entry 4\n");
	assert_int_equal(r.im.entry, 4);
	asm_result_free(&r);
}

/* Several sources are one program: sections and labels carry over. */
static void test_several_sources(void **state)
{
	(void)state;
	const char *a = "_start:\tcall f\n\t.data\nx:\t.word 1\n";
	const char *b = "f:\tla a0, x\n\tret\n\t.word 2\n";	/* still in .data */
	struct asm_source srcs[] = { { "a.s", a, strlen(a) }, { "b.s", b, strlen(b) } };
	struct asm_result r;
	assert_int_equal(asm_run_input(&r, srcs, 2, NULL, 0, false), 0);
	/* b.s starts in .data, where a.s left off: f and its code are data */
	assert_int_equal(sym(&r, "f", SYM_DATA), 20);
	assert_int_equal(fx_seg(&r, SEG_WRITE)->memsz, 20);
	asm_result_free(&r);

	const char *c = "\t.text\nf:\tret\n";
	srcs[1] = (struct asm_source){ "c.s", c, strlen(c) };
	assert_int_equal(asm_run_input(&r, srcs, 2, NULL, 0, false), 0);
	assert_int_equal(sym(&r, "f", SYM_CODE), 4);
	assert_int_equal(fx_word(&r, 0), insn_enc_j(OP_JAL, REG_ra, 1));
	asm_result_free(&r);
}

/* .include reads a file relative to the including file, and a source
 * given by path is read from disk. */
static void test_include(void **state)
{
	(void)state;
	char dir[64], sub[80];
	fx_mkdtemp(dir);
	snprintf(sub, sizeof sub, "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	fx_put(dir, "main.s", "\tnop\n\t.include \"sub/inc.s\"\n\tli a0, LEAF\n");
	fx_put(dir, "sub/inc.s", "inc:\t.include \"leaf.s\"\n\tnop\n");
	fx_put(dir, "sub/leaf.s", "LEAF = 77\n\tj inc\n");
	char path[128];
	snprintf(path, sizeof path, "%s/main.s", dir);
	struct asm_source src = { path, NULL, 0 };
	struct asm_result r;
	assert_int_equal(asm_run_input(&r, &src, 1, NULL, 0, true), 0);
	assert_int_equal(fx_nwords(&r), 4);
	assert_int_equal(fx_word(&r, 1), insn_enc_j(OP_JAL, 0, 0));
	assert_int_equal(fx_word(&r, 3), insn_enc_i(OP_ADDI, REG_a0, 0, 77));
	assert_int_equal(sym(&r, "inc", SYM_CODE), 4);
	assert_int_equal(sym(&r, "LEAF", SYM_CONST), 77);
	/* the listing shows the included lines where they are assembled */
	const char *inc = strstr(r.listing, ".include \"sub/inc.s\"");
	const char *leaf = strstr(r.listing, "LEAF = 77");
	const char *li = strstr(r.listing, "li a0, LEAF");
	assert_true(inc && leaf && li && inc < leaf && leaf < li);
	asm_result_free(&r);

	/* the same file included twice is fine (not a cycle) */
	fx_put(dir, "twice.s", "\t.include \"sub/leaf.s\"\n");
	fx_put(dir, "two.s", "inc:\t.include \"twice.s\"\n");
	snprintf(path, sizeof path, "%s/two.s", dir);
	assert_int_equal(asm_run_input(&r, &src, 1, NULL, 0, false), 0);
	asm_result_free(&r);

	const char *names[] = { "main.s", "sub/inc.s", "sub/leaf.s", "twice.s", "two.s", "sub", "" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		fx_remove(dir, names[i]);
}

/* Packed files go into the file table, flagged FILE_IMAGE when they are
 * images themselves. */
static void test_packed_files(void **state)
{
	(void)state;
	struct asm_result prog;
	ok(&prog, "\tli a0, 1\n\ttrap\n");
	static const uint8_t text[] = "hello";
	struct asm_file files[] = {
		{ "init", prog.image, prog.len },
		{ "motd", text, 5 },
		{ "empty", text, 0 },
	};
	struct asm_source src = { "k.s", "\tnop\n", 5 };
	struct asm_result r;
	assert_int_equal(asm_run_input(&r, &src, 1, files, 3, false), 0);
	assert_int_equal(r.im.nfiles, 3);
	struct img_file f0 = img_file(&r.im, 0), f1 = img_file(&r.im, 1), f2 = img_file(&r.im, 2);
	assert_string_equal(f0.name, "init");
	assert_int_equal(f0.flags, FILE_IMAGE);
	assert_int_equal(f0.size, prog.len);
	assert_memory_equal(f0.data, prog.image, prog.len);
	assert_string_equal(f1.name, "motd");
	assert_int_equal(f1.flags, 0);
	assert_memory_equal(f1.data, "hello", 5);
	assert_string_equal(f2.name, "empty");
	assert_int_equal(f2.size, 0);
	asm_result_free(&r);
	asm_result_free(&prog);
}

/* The listing: address, hex, source line, for every line. */
static void test_listing(void **state)
{
	(void)state;
	struct asm_result r;
	assert_int_equal(asm_run_listed(&r, "# demo\n"
					    "N = 42\n"
					    "start:\tli a0, N\n"
					    "\tli a1, 0x12345678\n"
					    "\n"
					    "\t.data\n"
					    "msg:\t.asciz \"hello, world\"\n"
					    "\t.space 40, 1\n"
					    "buf:\t.space 4\n"),
			 0);
	assert_string_equal(r.listing,
		"                                   # demo\n"
		"          = 0000002a               N = 42\n"
		"00000000  002a0120                 start:\tli a0, N\n"
		"00000004  12340229 56782224        \tli a1, 0x12345678\n"
		"                                   \n"
		"                                   \t.data\n"
		"00000010  68 65 6c 6c 6f 2c 20 77  msg:\t.asciz \"hello, world\"\n"
		"00000018  6f 72 6c 64 00           \n"
		"0000001d  01 01 01 01 01 01 01 01  \t.space 40, 1\n"
		"00000025  01 01 01 01 01 01 01 01  \n"
		"0000002d  01 01 01 01 01 01 01 01  \n"
		"00000035  01 01 01 01 01 01 01 01  \n"
		"          ...                      \n"
		"00000045  00 00 00 00              buf:\t.space 4\n");
	asm_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_follows_text),
		cmocka_unit_test(test_org),
		cmocka_unit_test(test_align),
		cmocka_unit_test(test_data),
		cmocka_unit_test(test_space),
		cmocka_unit_test(test_equ),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_entry),
		cmocka_unit_test(test_several_sources),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_packed_files),
		cmocka_unit_test(test_listing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
