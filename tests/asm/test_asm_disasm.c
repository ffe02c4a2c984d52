/*
 * test_asm_disasm.c - the disassembler: for every row of isa.def, words
 * with varied fields and limit immediates come back as text that assembles
 * to the same words; exact text for a few; and whole images written out by
 * disasm_image assemble back to the same segments.
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

/* Immediates worth trying in a 16- or 20-bit field: the limits and their
 * neighbours, zero, small values either side. */
static const uint32_t imm16s[] = { 0, 1, 2, 31, 32, 0x7FFF, 0x8000, 0x8001, 0xFFFF, 0xFFFE, 0x1234 };
static const uint32_t imm20s[] = { 0, 1, 0x7FFFF, 0x80000, 0xFFFFF, 0x12345, 0xFFFFE };
/* Register fields (a, b, c): all zero, all different, extremes. */
static const unsigned regs[][3] = {
	{ 0, 0, 0 }, { 1, 2, 3 }, { 15, 14, 13 }, { 5, 0, 0 }, { 0, 9, 0 }, { 0, 0, 11 },
	{ 7, 7, 7 }, { 0, 8, 12 }, { 15, 0, 15 }, { 4, 10, 0 },
};

/* Every encoding of row in that the candidate fields give, valid or not. */
static size_t encodings(const struct isa_insn *in, uint32_t *out, size_t max)
{
	size_t n = 0;
	for (size_t r = 0; r < sizeof regs / sizeof regs[0]; r++) {
		const unsigned *f = regs[r];
		switch (isa_forms[in->form].layout) {
		case LAYOUT_R:
			out[n++] = insn_enc_r(in->opcode, f[0], f[1], f[2]);
			out[n++] = insn_enc_r(in->opcode, f[0], f[1], f[2]) | 1u << 20;	/* reserved */
			break;
		case LAYOUT_I:
			for (size_t i = 0; i < sizeof imm16s / sizeof imm16s[0] && n < max; i++)
				out[n++] = insn_enc_i(in->opcode, f[0], f[1], imm16s[i]);
			break;
		case LAYOUT_J:
			for (size_t i = 0; i < sizeof imm20s / sizeof imm20s[0] && n < max; i++)
				out[n++] = insn_enc_j(in->opcode, f[0], imm20s[i]);
			break;
		default:
			out[n++] = insn_enc_n(in->opcode) | (uint32_t)f[0] << 8;
			break;
		}
	}
	return n;
}

/*
 * For every row of isa.def: disassemble each encoding at its own address,
 * assemble all the lines as one program, and compare word for word.  Words
 * that are not valid instructions come back as .word.  A new row is covered
 * without touching this test.
 */
static void test_every_row_round_trip(void **state)
{
	(void)state;
	enum { BASE = 0x100000, MAX = 256 };
	for (int row = 0; row < ISA_COUNT; row++) {
		const struct isa_insn *in = &isa_insns[row];
		uint32_t words[MAX];
		size_t n = encodings(in, words, MAX);
		size_t valid = 0, cap = 64 + n * DISASM_MAX, len = 0;
		char *src = malloc(cap);
		assert_non_null(src);
		len += (size_t)snprintf(src, cap, "\t.org 0x%x\n", BASE);
		for (size_t i = 0; i < n; i++) {
			char line[DISASM_MAX];
			uint32_t pc = BASE + 4 * (uint32_t)i;
			int k = disasm_insn(words[i], pc, line, sizeof line, NULL, NULL);
			assert_true(k > 0 && (size_t)k < sizeof line);
			if (isa_valid(words[i])) {
				valid++;
				/* decoded, as this row: the mnemonic first */
				size_t ml = strlen(in->mnemonic);
				if (strncmp(line, in->mnemonic, ml) != 0 || (line[ml] != ' ' && line[ml]))
					fail_msg("0x%08x disassembled as '%s', not %s", words[i], line,
						 in->mnemonic);
			} else {
				assert_memory_equal(line, ".word 0x", 8);
			}
			len += (size_t)snprintf(src + len, cap - len, "\t%s\n", line);
		}
		/* enough valid encodings to mean something: every form has some */
		assert_true(valid >= 1);
		if (isa_forms[in->form].layout != LAYOUT_N)
			assert_true(valid >= 10);
		struct asm_result r;
		if (asm_run(&r, src) != 0)
			fail_msg("%s: the disassembly does not assemble:\n%s", in->mnemonic, r.diag);
		assert_int_equal(fx_nwords(&r), n);
		for (size_t i = 0; i < n; i++)
			if (fx_word(&r, (uint32_t)i) != words[i])
				fail_msg("%s: 0x%08x came back as 0x%08x", in->mnemonic, words[i],
					 fx_word(&r, (uint32_t)i));
		asm_result_free(&r);
		free(src);
	}
}

static const char *name_0x40(void *ctx, uint32_t addr)
{
	(void)ctx;
	return addr == 0x40 ? "loop" : NULL;
}

static void expect(uint32_t w, uint32_t pc, const char *text)
{
	char buf[DISASM_MAX];
	int n = disasm_insn(w, pc, buf, sizeof buf, name_0x40, NULL);
	assert_string_equal(buf, text);
	assert_int_equal(n, strlen(text));
}

/* The text itself: ABI names, signed and hex immediates, memory operands,
 * targets as addresses or names, control registers by name. */
static void test_text(void **state)
{
	(void)state;
	expect(insn_enc_r(OP_ADD, REG_a0, REG_a1, REG_a2), 0, "add   a0, a1, a2");
	expect(insn_enc_r(OP_MULHU, REG_ra, REG_sp, REG_zero), 0, "mulhu ra, sp, zero");
	expect(insn_enc_i(OP_ADDI, REG_a0, REG_a0, 0xFFFF), 0, "addi  a0, a0, -1");
	expect(insn_enc_i(OP_ORI, REG_t0, REG_t0, 0xFFFF), 0, "ori   t0, t0, 0xffff");
	expect(insn_enc_i(OP_SRAI, REG_t0, REG_t1, 31), 0, "srai  t0, t1, 31");
	expect(insn_enc_i(OP_LUI, REG_s0, 0, 0xF000), 0, "lui   s0, 0xf000");
	expect(insn_enc_i(OP_LW, REG_a0, REG_sp, (uint32_t)-4), 0, "lw    a0, -4(sp)");
	expect(insn_enc_i(OP_SB, REG_a1, REG_fp, 7), 0, "sb    a1, 7(fp)");
	expect(insn_enc_i(OP_JALR, REG_zero, REG_ra, 0), 0, "jalr  zero, 0(ra)");
	expect(insn_enc_i(OP_BEQ, REG_a0, REG_a1, 4), 0x20, "beq   a0, a1, 0x00000030");
	expect(insn_enc_i(OP_BNE, REG_a0, REG_zero, (uint32_t)-4), 0x50, "bne   a0, zero, loop");
	expect(insn_enc_j(OP_JAL, REG_ra, 0x10), 0x00, "jal   ra, loop");
	expect(insn_enc_j(OP_JAL, REG_zero, 0xFFFFF), 0x00, "jal   zero, 0xfffffffc");
	expect(insn_enc_i(OP_MFCR, REG_t0, 0, CR_CAUSE), 0, "mfcr  t0, cause");
	expect(insn_enc_i(OP_MTCR, 0, REG_t1, CR_TPERIOD), 0, "mtcr  tperiod, t1");
	expect(insn_enc_i(OP_MFCR, REG_t0, 0, 99), 0, "mfcr  t0, 99");
	expect(insn_enc_n(OP_TRAP), 0, "trap");
	expect(insn_enc_n(OP_IRET), 0, "iret");
	/* not instructions */
	expect(0, 0, ".word 0x00000000");
	expect(insn_enc_n(OP_HALT) | 0x100, 0, ".word 0x00000163");
	expect(insn_enc_i(OP_SLLI, 1, 1, 32), 0, ".word 0x00201126");
	expect(insn_enc_i(OP_LUI, 1, 1, 0), 0, ".word 0x00001129");
	expect(0xFFFFFFFFu, 0, ".word 0xffffffff");
}

/* Like snprintf: never past n, always terminated, returns the full length. */
static void test_buffer(void **state)
{
	(void)state;
	char buf[8];
	memset(buf, 'x', sizeof buf);
	uint32_t w = insn_enc_r(OP_ADD, REG_a0, REG_a1, REG_a2);
	assert_int_equal(disasm_insn(w, 0, buf, 5, NULL, NULL), 16);
	assert_string_equal(buf, "add ");
	assert_int_equal(buf[5], 'x');
	assert_int_equal(disasm_insn(w, 0, buf, 0, NULL, NULL), 16);
	assert_int_equal(buf[0], 'a');
	assert_int_equal(disasm_insn(w, 0, NULL, 0, NULL, NULL), 16);
}

/* Two images have the same segments: addresses, sizes, flags and bytes. */
static void assert_same_segments(const struct img *a, const struct img *b)
{
	assert_int_equal(a->nsegs, b->nsegs);
	for (uint32_t i = 0; i < a->nsegs; i++) {
		const struct img_seg *s = &a->segs[i], *t = NULL;
		for (uint32_t k = 0; k < b->nsegs; k++)
			if (b->segs[k].addr == s->addr)
				t = &b->segs[k];
		if (!t)
			fail_msg("no segment at 0x%08x after the round trip", s->addr);
		assert_int_equal(s->filesz, t->filesz);
		assert_int_equal(s->memsz, t->memsz);
		assert_int_equal(s->flags, t->flags);
		assert_memory_equal(s->data, t->data, s->filesz);
	}
	assert_int_equal(a->entry, b->entry);
}

/* disasm_image's text for im, assembled again. */
static void round_trip(const struct img *im, struct asm_result *r, char **text)
{
	size_t len = 0;
	FILE *f = open_memstream(text, &len);
	assert_non_null(f);
	assert_int_equal(disasm_image(f, im), 0);
	fclose(f);
	if (asm_run(r, *text) != 0)
		fail_msg("the disassembly does not assemble:\n%s\n%s", r->diag, *text);
	assert_same_segments(im, &r->im);
}

/* A program with a bit of everything comes back the same: code at an
 * .org, invalid words, bytes that misalign, labels inside words and at the
 * ends of segments, text, words and zeros in data, zero fill after the
 * file bytes, and constants. */
static void test_image_round_trip(void **state)
{
	(void)state;
	static const char src[] =
		"LIMIT = 1000\n"
		"NEG = -5\n"
		"\t.org 0x100\n"
		"_start:\tla a0, msg\n"
		"\tli a1, LIMIT\n"
		"loop:\taddi a1, a1, -1\n"
		"\tbnez a1, loop\n"
		"\tcall func\n"
		"\tbeq a0, a1, data_word\n"
		"\tjal zero, 0x1000\n"
		"\thalt\n"
		"\t.word 0xFFFFFFFF, 0\n"
		"\t.byte 1\n"
		"mid:\t.byte 2, 3\n"
		"\t.align 4\n"
		"func:\tmfcr t0, status\n"
		"\tret\n"
		"\t.ascii \"code text\"\n"
		"text_end:\n"
		"\t.data\n"
		"\t.org 0x2000\n"
		"msg:\t.asciz \"hello \\\"world\\\"\\n\\tand \\\\ more\"\n"
		"\t.byte 0x80, 0xFF, 0, 1\n"
		"\t.align 4\n"
		"data_word:\t.word 0x12345678, data_word, 0\n"
		"\t.space 20\n"
		"\t.half 7\n"
		"odd:\t.byte 9\n"
		"bss:\t.space 64\n"
		"bss_mid:\t.space 16\n"
		"data_end:\n";
	struct asm_result a, b;
	assert_int_equal(asm_run(&a, src), 0);
	char *text = NULL;
	round_trip(&a.im, &b, &text);
	/* the symbols come back too, with their kinds */
	assert_int_equal(a.im.nsyms, b.im.nsyms);
	for (uint32_t i = 0; i < a.im.nsyms; i++) {
		struct img_sym s = img_symbol(&a.im, i);
		uint32_t v, k;
		if (!fx_sym(&b, s.name, &v, &k))
			fail_msg("symbol %s lost:\n%s", s.name, text);
		assert_int_equal(v, s.value);
		assert_int_equal(k, s.kind);
	}
	/* targets are written with names where there are some */
	assert_null(strstr(text, "bnez"));
	assert_non_null(strstr(text, "bne   a1, zero, loop"));
	assert_non_null(strstr(text, "jal   ra, func"));
	assert_non_null(strstr(text, "beq   a0, a1, data_word"));
	assert_non_null(strstr(text, "jal   zero, 0x00001000"));
	assert_non_null(strstr(text, "\t.entry _start\n"));
	free(text);
	asm_result_free(&b);
	asm_result_free(&a);
}

/* A program whose sources go back and forth between .text and .data (as a
 * program and its library do, file after file) comes back byte for byte:
 * its symbols in the same order, so the same symbol and string tables. */
static void test_image_bytes_round_trip(void **state)
{
	(void)state;
	static const char src[] =
		"\t.text\n"
		"_start:\tla a0, msg\n"
		"\tcall f\n"
		"\thalt\n"
		"\t.data\n"
		"msg:\t.asciz \"hi\"\n"
		"\t.text\n"
		"f:\tret\n"
		"K = 5\n"
		"g:\tret\n"
		"\t.data\n"
		"\t.align 4\n"
		"tbl:\t.word f, K\n"
		"buf:\t.space 8\n"
		"\t.text\n"
		"h:\tj g\n";
	struct asm_result a, b;
	assert_int_equal(asm_run(&a, src), 0);
	char *text = NULL;
	round_trip(&a.im, &b, &text);
	/* the line tables differ (the disassembly is another source): the
	 * rest must not */
	size_t alen, blen;
	uint8_t *as = img_strip(&a.im, &alen), *bs = img_strip(&b.im, &blen);
	assert_true(a.im.nlines > 0 && alen < a.len);
	assert_int_equal(alen, blen);
	if (memcmp(as, bs, alen) != 0)
		fail_msg("the image differs after the round trip:\n%s", text);
	free(as);
	free(bs);
	free(text);
	asm_result_free(&b);
	asm_result_free(&a);
}

/* An image laid out by img_write from d, parsed into im (bytes: free them). */
static uint8_t *write_image(const struct img_desc *d, struct img *im)
{
	size_t len;
	char err[200];
	uint8_t *bytes = img_write(d, &len);
	assert_non_null(bytes);
	if (img_parse(im, bytes, len, err, sizeof err) != 0)
		fail_msg("%s", err);
	return bytes;
}

/* Symbols in an order no source could give (a label below the one before
 * it in the same segment) are written by address, and all come back. */
static void test_foreign_symbol_order(void **state)
{
	(void)state;
	uint8_t code[12] = { 0 };
	for (int k = 0; k < 3; k++)
		code[4 * k] = 0x63;	/* halt */
	struct img_seg segs[] = { { 0x100, 0, sizeof code, sizeof code, SEG_EXEC, code } };
	struct img_sym syms[] = {
		{ "late", 0x108, SYM_CODE }, { "early", 0x100, SYM_CODE }, { "K", 3, SYM_CONST },
	};
	struct img_desc d = { 0x100, 1, 3, 0, segs, syms, NULL, 0, 0, NULL, NULL };
	struct img im;
	uint8_t *bytes = write_image(&d, &im);
	struct asm_result r;
	char *text = NULL;
	round_trip(&im, &r, &text);
	uint32_t v, k;
	assert_true(fx_sym(&r, "late", &v, &k) && v == 0x108 && k == SYM_CODE);
	assert_true(fx_sym(&r, "early", &v, &k) && v == 0x100 && k == SYM_CODE);
	assert_true(fx_sym(&r, "K", &v, &k) && v == 3 && k == SYM_CONST);
	free(text);
	asm_result_free(&r);
	free(bytes);
}

/* An image not made by this assembler: a code segment starting at an odd
 * address, symbols no assembler source could define (register names,
 * predefined names, duplicates, bad characters), one outside every segment. */
static void test_foreign_image(void **state)
{
	(void)state;
	uint8_t code[10] = { 0xAA, 0xBB };
	uint32_t w = insn_enc_i(OP_ADDI, REG_a0, REG_zero, 1);
	for (int i = 0; i < 4; i++)
		code[2 + i] = (uint8_t)(w >> (8 * i));
	code[6] = 0x63;	/* halt */
	uint8_t data[3] = { 'a', 'b', 'c' };
	struct img_seg segs[] = {
		{ 0x102, 0, sizeof code, sizeof code + 6, SEG_EXEC, code },
		{ 0x300, 0, sizeof data, sizeof data, 0, data },
	};
	struct img_sym syms[] = {
		{ "a0", 0x104, SYM_CODE }, { "SYS_EXIT", 0x104, SYM_CODE },
		{ "ok", 0x104, SYM_CODE }, { "ok", 0x108, SYM_CODE },
		{ "bad name", 0x108, SYM_CODE }, { "far", 0x9000, SYM_DATA },
		{ "K", 7, SYM_CONST }, { "mid", 0x301, SYM_DATA }, { "end", 0x10C, SYM_CODE },
	};
	struct img_desc d = { 0x104, 2, sizeof syms / sizeof syms[0], 0, segs, syms, NULL, 0, 0, NULL, NULL };
	struct img im;
	uint8_t *bytes = write_image(&d, &im);
	struct asm_result r;
	char *text = NULL;
	/* the data segment had flags 0 and comes back SEG_WRITE: compare by hand */
	size_t tlen = 0;
	FILE *f = open_memstream(&text, &tlen);
	assert_int_equal(disasm_image(f, &im), 0);
	fclose(f);
	if (asm_run(&r, text) != 0)
		fail_msg("the disassembly does not assemble:\n%s\n%s", r.diag, text);
	assert_int_equal(r.im.entry, 0x104);
	const struct img_seg *t = fx_seg(&r, SEG_EXEC), *dd = fx_seg(&r, SEG_WRITE);
	assert_int_equal(t->addr, 0x102);
	assert_int_equal(t->filesz, sizeof code);
	assert_int_equal(t->memsz, sizeof code + 6);
	assert_memory_equal(t->data, code, sizeof code);
	assert_int_equal(dd->addr, 0x300);
	assert_memory_equal(dd->data, data, sizeof data);
	uint32_t v;
	assert_true(fx_sym(&r, "ok", &v, NULL) && v == 0x104);
	assert_true(fx_sym(&r, "far", &v, NULL) && v == 0x9000);
	assert_true(fx_sym(&r, "mid", &v, NULL) && v == 0x301);
	assert_true(fx_sym(&r, "end", &v, NULL) && v == 0x10C);
	assert_true(fx_sym(&r, "K", &v, NULL) && v == 7);
	assert_false(fx_sym(&r, "a0", NULL, NULL));
	assert_false(fx_sym(&r, "bad name", NULL, NULL));
	assert_non_null(strstr(text, "# symbol 'a0' = 0x00000104 left out"));
	assert_non_null(strstr(text, "# symbol 'SYS_EXIT' = 0x00000104 left out"));
	assert_non_null(strstr(text, "# symbol 'bad name' = 0x00000108 left out"));
	free(text);
	asm_result_free(&r);
	free(bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row_round_trip),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_buffer),
		cmocka_unit_test(test_image_round_trip),
		cmocka_unit_test(test_image_bytes_round_trip),
		cmocka_unit_test(test_foreign_symbol_order),
		cmocka_unit_test(test_foreign_image),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
