/*
 * test_asm_robustness.c - no input crashes, hangs or corrupts the
 * assembler: random bytes, random token soup, random macro definitions and
 * uses, every prefix of a real program, deep nesting, huge lines and long
 * .equ chains.  Every run must
 * also keep its promises: the count it returns is the number of errors it
 * printed, no image with errors, a valid image without, and that image
 * survives the disassembler round trip.  Deterministic (fixed seeds).
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

static int successes;

/* Lines of the form "t.s:N:N: error: " or "t.s: error: " in n bytes of
 * diagnostics (the source lines they quote may hold any byte). */
static int count_errors(const char *diag, size_t n)
{
	int count = 0;
	for (size_t i = 0; i < n;) {
		const char *p = diag + i, *nl = memchr(p, '\n', n - i);
		size_t len = nl ? (size_t)(nl - p) : n - i;
		if (len > 4 && memcmp(p, "t.s:", 4) == 0) {
			size_t k = 3;
			while (k < len && (p[k] == ':' || (p[k] >= '0' && p[k] <= '9')))
				k++;
			if (len - k >= 8 && memcmp(p + k, " error: ", 8) == 0)
				count++;
		}
		i += len + 1;
	}
	return count;
}

/* Assemble len bytes of src and check every promise. */
static void run(const char *src, size_t len)
{
	struct asm_source s = { "t.s", src, len };
	struct asm_result r;
	int n = asm_run_input(&r, &s, 1, NULL, 0, true);
	assert_true(n >= 0);
	if (n > 0) {
		assert_null(r.image);
		if (n < 100 && count_errors(r.diag, r.diag_len) != n)
			fail_msg("returned %d, printed %d errors for:\n%.*s\n%s", n,
				 count_errors(r.diag, r.diag_len), (int)len, src, r.diag);
		asm_result_free(&r);
		return;
	}
	/* asm_run_input checked that the image parses; now the round trip */
	successes++;
	char *text = NULL;
	size_t tlen = 0;
	FILE *f = open_memstream(&text, &tlen);
	assert_non_null(f);
	assert_int_equal(disasm_image(f, &r.im), 0);
	fclose(f);
	struct asm_result back;
	if (asm_run(&back, text) != 0)
		fail_msg("round trip failed for:\n%.*s\n%s\n%s", (int)len, src, back.diag, text);
	assert_int_equal(back.im.nsegs, r.im.nsegs);
	for (uint32_t i = 0; i < r.im.nsegs; i++) {
		assert_int_equal(back.im.segs[i].addr, r.im.segs[i].addr);
		assert_int_equal(back.im.segs[i].filesz, r.im.segs[i].filesz);
		assert_int_equal(back.im.segs[i].memsz, r.im.segs[i].memsz);
		assert_memory_equal(back.im.segs[i].data, r.im.segs[i].data, r.im.segs[i].filesz);
	}
	assert_int_equal(back.im.entry, r.im.entry);
	asm_result_free(&back);
	free(text);
	asm_result_free(&r);
}

/* Bytes of any value, weighted toward what sources are made of. */
static void test_random_bytes(void **state)
{
	(void)state;
	static const char common[] = "\n\t ,:()\"'#;.%-+x0123456789abcdefghijklmnopqrstuvwxyz\\";
	uint32_t seed = 12345;
	char buf[300];
	for (int i = 0; i < 2000; i++) {
		size_t len = fx_rand(&seed) % sizeof buf;
		for (size_t k = 0; k < len; k++) {
			uint32_t x = fx_rand(&seed);
			buf[k] = (x & 3) ? common[(x >> 2) % (sizeof common - 1)] : (char)(x >> 8);
		}
		run(buf, len);
	}
}

/* Lines made of real tokens in random order: most get past the lexer and
 * reach the parser, the encoder and the checks; some assemble. */
static void test_token_soup(void **state)
{
	(void)state;
	static const char *const toks[] = {
		"add", "addi", "lw", "sw", "beq", "jal", "jalr", "lui", "mfcr", "mtcr", "trap", "li", "la",
		"call", "ret", "push", "pop", "bgt", "nop", "j", "not", "slli", "ori",
		".word", ".byte", ".half", ".ascii", ".asciz", ".space", ".align", ".org", ".equ",
		".text", ".data", ".entry", ".global", ".include", ".section",
		"a0", "a1", "t0", "sp", "ra", "zero", "r15", "r16", "status", "CR_TIMER", "SYS_EXIT",
		"x", "y", "L1", "_start", ".", "0", "1", "4", "-1", "0x7FFF", "0x8000", "0xFFFFFFFF",
		"65536", "'a'", "\"s\"", "(", ")", ",", ",", ",", ":", "=", "+", "-", "*", "/", "%",
		"<<", ">>", "&", "|", "^", "~", "!", "%hi", "%lo", "#c",
	};
	enum { NTOKS = sizeof toks / sizeof toks[0] };
	uint32_t seed = 777;
	char buf[1024];
	for (int i = 0; i < 3000; i++) {
		size_t len = 0;
		int lines = 1 + (int)(fx_rand(&seed) % 8);
		for (int l = 0; l < lines; l++) {
			int n = (int)(fx_rand(&seed) % 7);
			for (int k = 0; k < n && len < sizeof buf - 64; k++)
				len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", k ? " " : "\t",
							toks[fx_rand(&seed) % NTOKS]);
			buf[len++] = '\n';
		}
		run(buf, len);
	}
	/* some of the soup must have assembled, or the round trip went untested */
	assert_true(successes > 0);
}

/* Random lines of macro definitions and uses, right and wrong: recursion,
 * missing .endm, "\\" anywhere, wrong argument counts. */
static void test_macro_soup(void **state)
{
	(void)state;
	static const char *const lines[] = {
		".macro M a, b", ".macro N x", ".macro R", ".endm", ".endm x", "\tM 1, 2", "\tM a0",
		"\tM", "\tN \\x", "\tN t0", "\tN", "\tR", "\tR 1", "\tadd \\a, \\b, \\x",
		"\tli a0, \\a + \\b", "L\\x\\():", "\t.byte \\a", "\tnop", "\t\\a", "\tM \\x, 3",
		"\tN \\()", "\t.ascii \"\\a\"", "\tli a0, '\\n'", "\t.word \\b # \\z", "\\", "\tM (,",
		"\tN @", "x:\tN 4", "\tli t0, x", "\t.macro add", ".macro M a, a", "\t.align 4",
	};
	enum { NLINES = sizeof lines / sizeof lines[0] };
	uint32_t seed = 99;
	char buf[2048];
	for (int i = 0; i < 2000; i++) {
		size_t len = 0;
		int n = 1 + (int)(fx_rand(&seed) % 16);
		for (int l = 0; l < n; l++)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s\n",
						lines[fx_rand(&seed) % NLINES]);
		run(buf, len);
	}
}

/* One operand of the kind a syntax piece names, usually valid. */
static int operand(char *out, size_t n, const char *piece, size_t plen, uint32_t *seed)
{
	static const char *const regs[] = { "zero", "a0", "t1", "s2", "sp", "ra", "r7", "r15" };
	uint32_t x = fx_rand(seed), pick = x % 8;
	const char *reg = regs[(x >> 3) % 8];
	if (plen == 2 || (plen == 3 && piece[0] == 'r'))	/* rd, rs, rs1, rs2 */
		return snprintf(out, n, "%s", reg);
	if (strncmp(piece, "simm(rs1)", plen) == 0)
		return snprintf(out, n, "%d(%s)", (int)(x >> 8) % 40000 - 20000, reg);
	if (strncmp(piece, "target", plen) == 0)
		return pick < 6 ? snprintf(out, n, "L%u", pick) : snprintf(out, n, "0x%x", (x >> 8) & 0xFFFC);
	if (strncmp(piece, "cr", plen) == 0)
		return pick < 4 ? snprintf(out, n, "CR_SCRATCH") : snprintf(out, n, "%u", (x >> 8) % 13);
	if (strncmp(piece, "shamt", plen) == 0)
		return snprintf(out, n, "%u", (x >> 8) % 33);
	if (strncmp(piece, "uimm", plen) == 0)
		return snprintf(out, n, "0x%x", (x >> 8) % 0x10001);
	return snprintf(out, n, "%d", (int)((x >> 8) % 70000) - 35000);	/* simm */
}

/* Programs of plausible statements (instructions of every row with
 * random operands, pseudo-instructions, data, labels): many assemble, and
 * each that does goes through the disassembler and back. */
static void test_random_programs(void **state)
{
	(void)state;
	static const char *const others[] = {
		"\tli a0, 0x12345678", "\tli t0, L3", "\tla a1, L2", "\tpush s0", "\tpop s0",
		"\tcall L1", "\tret", "\tbgt a0, a1, L0", "\t.word L1, 5, -1", "\t.byte 1, 2, 3",
		"\t.half 0x1234", "\t.ascii \"ab\\n\"", "\t.asciz \"xyz\"", "\t.align 4",
		"\t.align 8", "\t.space 6", "\t.space 3, 0x55", "\t.data", "\t.text", "K = L4 - L0",
		"\tli s1, K", "\tnop # comment", "",
	};
	enum { NOTHERS = sizeof others / sizeof others[0] };
	uint32_t seed = 4242;
	int before = successes;
	char buf[4096];
	for (int i = 0; i < 2000; i++) {
		size_t len = 0;
		bool defined[6] = { false };
		int lines = 1 + (int)(fx_rand(&seed) % 24);
		for (int l = 0; l < lines && len < sizeof buf - 256; l++) {
			uint32_t x = fx_rand(&seed);
			if (x % 5 == 0 && !defined[(x >> 3) % 6]) {
				defined[(x >> 3) % 6] = true;
				len += (size_t)snprintf(buf + len, sizeof buf - len, "L%u:", (x >> 3) % 6);
			}
			if ((x >> 8) % 3 == 0) {
				len += (size_t)snprintf(buf + len, sizeof buf - len, "%s\n",
							others[(x >> 10) % NOTHERS]);
				continue;
			}
			const struct isa_insn *in = &isa_insns[(x >> 10) % ISA_COUNT];
			len += (size_t)snprintf(buf + len, sizeof buf - len, "\t%s", in->mnemonic);
			const char *p = isa_forms[in->form].syntax;
			for (int k = 0; *p; k++) {
				size_t plen = strcspn(p, ",");
				buf[len++] = k ? ',' : ' ';
				len += (size_t)operand(buf + len, sizeof buf - len, p, plen, &seed);
				p += plen;
				p += strspn(p, ", ");
			}
			buf[len++] = '\n';
		}
		/* every label a target may name */
		for (int k = 0; k < 6; k++)
			if (!defined[k])
				len += (size_t)snprintf(buf + len, sizeof buf - len, "L%d:\n", k);
		run(buf, len);
	}
	/* a good share assembled, so the round trip was tried on many */
	assert_true(successes - before > 200);
}

static const char program[] =
	"# a small kernel-like program\n"
	"N = 4\n"
	"\t.org 0x100\n"
	"_start:\tla sp, stack_top\n"
	"\tli t0, N\n"
	"loop:\taddi t0, t0, -1\n"
	"\tpush t0\n"
	"\tcall f\n"
	"\tpop t0\n"
	"\tbnez t0, loop\n"
	"\tmfcr a0, CR_STATUS\n"
	"\tli t1, DEV_POWER\n"
	"\tsw zero, 0(t1)\n"
	"f:\tlw a0, %lo(msg)(zero)\n"
	"\tret\n"
	"\t.data\n"
	"msg:\t.asciz \"hi\\n\"\n"
	"\t.align 4\n"
	"tab:\t.word f, loop, 'x', -1\n"
	"\t.space 64\n"
	"stack_top:\n";

/* Every prefix of a real program, and the program with each line cut
 * short: truncated lines and half-written statements. */
static void test_truncated(void **state)
{
	(void)state;
	size_t n = strlen(program);
	for (size_t k = 0; k <= n; k++)
		run(program, k);
	char buf[sizeof program];
	for (size_t cut = 0; cut < n; cut++) {
		/* drop one byte */
		memcpy(buf, program, cut);
		memcpy(buf + cut, program + cut + 1, n - cut - 1);
		run(buf, n - 1);
	}
	struct asm_result r;
	assert_int_equal(asm_run(&r, program), 0);
	asm_result_free(&r);
}

static char *repeat(const char *head, const char *unit, size_t times, const char *tail)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(hl + ul * times + tl + 1);
	assert_non_null(s);
	memcpy(s, head, hl);
	for (size_t i = 0; i < times; i++)
		memcpy(s + hl + i * ul, unit, ul);
	memcpy(s + hl + ul * times, tail, tl + 1);
	return s;
}

/* Inputs built to exhaust a stack or a buffer. */
static void test_extremes(void **state)
{
	(void)state;
	struct asm_result r;
	char *s;

	s = repeat("\t.word ", "(", 100000, "1\n");
	assert_int_equal(asm_run(&r, s), 1);
	asm_result_free(&r);
	free(s);

	s = repeat("\t.word ", "-", 100000, "1\n");
	assert_int_equal(asm_run(&r, s), 1);
	asm_result_free(&r);
	free(s);

	s = repeat("\t.word 1", " + 1", 16000, "\n");	/* long but flat: fine */
	assert_int_equal(asm_run(&r, s), 0);
	assert_int_equal(fx_word(&r, 0), 16001);
	asm_result_free(&r);
	free(s);

	s = repeat("\t.word 1", " + 1", 200000, "\n");	/* past ASM_MAX_LINE: refused before lexing */
	assert_int_equal(asm_run(&r, s), 1);
	asm_result_free(&r);
	free(s);

	s = repeat("", "a", 1000000, ":\n\tnop\n");	/* a name far too long */
	assert_int_equal(asm_run(&r, s), 1);
	asm_result_free(&r);
	free(s);

	s = repeat("\tnop\n", "\t.ascii \"0123456789abcdef\"\n", 20000, "");
	assert_int_equal(asm_run(&r, s), 0);
	assert_int_equal(fx_seg(&r, SEG_EXEC)->filesz, 4 + 16 * 20000);
	asm_result_free(&r);
	free(s);

	s = repeat("\tnop\n", "\n", 1000000, "\tbogus\n");	/* a million empty lines */
	assert_int_equal(asm_run(&r, s), 1);
	assert_non_null(strstr(r.diag, "t.s:1000002:2: error: unknown mnemonic 'bogus'"));
	asm_result_free(&r);
	free(s);

	/* a long chain of forward .equ: e0 = e1 + 1, e1 = e2 + 1, ... */
	enum { CHAIN = 5000 };
	s = malloc(CHAIN * 32 + 64);
	assert_non_null(s);
	size_t len = (size_t)sprintf(s, "\tli a0, e0\n");
	for (int i = 0; i < CHAIN; i++)
		len += (size_t)sprintf(s + len, "e%d = e%d + 1\n", i, i + 1);
	sprintf(s + len, "e%d = 7\n", CHAIN);
	assert_int_equal(asm_run(&r, s), 0);
	assert_int_equal(fx_word(&r, 1), insn_enc_i(OP_ORI, REG_a0, REG_a0, CHAIN + 7));
	asm_result_free(&r);

	/* and ordered the other way: f1 = end, f2 = f1 + 1, ..., used above */
	len = (size_t)sprintf(s, "\tli a0, f%d\nf0 = end\n", CHAIN);
	for (int i = 1; i <= CHAIN; i++)
		len += (size_t)sprintf(s + len, "f%d = f%d + 1\n", i, i - 1);
	sprintf(s + len, "end:\tnop\n");
	assert_int_equal(asm_run(&r, s), 0);
	assert_int_equal(fx_word(&r, 1), insn_enc_i(OP_ORI, REG_a0, REG_a0, 8 + CHAIN));
	asm_result_free(&r);
	free(s);

	/* the same chain with a cycle at its end: errors, no crash */
	s = repeat("\tnop\n", "", 0, "a = b\nb = c\nc = a\n");
	assert_true(asm_run(&r, s) >= 1);
	asm_result_free(&r);
	free(s);

	/* .space and .org up to the limits cost no memory for zeros */
	assert_int_equal(asm_run(&r, "\tnop\n\t.data\n\t.org 0x3FFF0000\n\t.space 0x10000\n"), 0);
	assert_int_equal(fx_seg(&r, SEG_WRITE)->memsz, 0x10000);
	asm_result_free(&r);

	/* nothing at all */
	assert_int_equal(asm_run(&r, ""), 1);
	assert_string_equal(r.diag, "t.s: error: no instructions: .text is empty\n");
	asm_result_free(&r);
	struct asm_input none = { NULL, 0, NULL, 0, NULL, false };
	uint8_t *img = (uint8_t *)1;
	size_t ilen = 1;
	assert_int_equal(asm_assemble(&none, &img, &ilen, NULL), 1);
	assert_null(img);
	assert_int_equal(ilen, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_token_soup),
		cmocka_unit_test(test_macro_soup),
		cmocka_unit_test(test_random_programs),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_extremes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
