/*
 * test_asm_encode.c - what each statement assembles to: every row of
 * isa.def in its form, every pseudo-instruction's exact expansion, registers,
 * control registers, expressions and literals, and the predefined names.
 * Expected words are built here with the insn_enc_* helpers, from this
 * file's own reading of forms.def.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "asm_fixture.h"

/* Assemble src, which must have no errors. */
static void ok(struct asm_result *r, const char *src)
{
	if (asm_run(r, src) != 0)
		fail_msg("unexpected errors for:\n%s\n%s", src, r->diag);
	assert_string_equal(r->diag, "");
}

/* Every row of isa.def assembles in its form's syntax to the word the form
 * describes.  A row in a new form fails here until the test learns it. */
static void test_every_row(void **state)
{
	(void)state;
	for (int i = 0; i < ISA_COUNT; i++) {
		const struct isa_insn *in = &isa_insns[i];
		unsigned op = in->opcode;
		char ops[64];
		uint32_t want;
		/* the instruction sits at 8, after "back: nop; nop", so back is 2 words behind */
		switch ((enum isa_form)in->form) {
		case FORM_R:
			strcpy(ops, "a1, t2, s3");
			want = insn_enc_r(op, REG_a1, REG_t2, REG_s3);
			break;
		case FORM_RI:
			strcpy(ops, "a1, t2, -5");
			want = insn_enc_i(op, REG_a1, REG_t2, (uint32_t)-5);
			break;
		case FORM_RU:
			strcpy(ops, "a1, t2, 0xBEEF");
			want = insn_enc_i(op, REG_a1, REG_t2, 0xBEEF);
			break;
		case FORM_SH:
			strcpy(ops, "a1, t2, 31");
			want = insn_enc_i(op, REG_a1, REG_t2, 31);
			break;
		case FORM_LUI:
			strcpy(ops, "a1, 0xBEEF");
			want = insn_enc_i(op, REG_a1, 0, 0xBEEF);
			break;
		case FORM_LD:
		case FORM_JALR:
			strcpy(ops, "a1, -8(t2)");
			want = insn_enc_i(op, REG_a1, REG_t2, (uint32_t)-8);
			break;
		case FORM_ST:
			strcpy(ops, "s3, -8(t2)");
			want = insn_enc_i(op, REG_s3, REG_t2, (uint32_t)-8);
			break;
		case FORM_BR:
			strcpy(ops, "t2, s3, back");
			want = insn_enc_i(op, REG_t2, REG_s3, (uint32_t)-2);
			break;
		case FORM_JAL:
			strcpy(ops, "a1, back");
			want = insn_enc_j(op, REG_a1, (uint32_t)-2);
			break;
		case FORM_MFCR:
			strcpy(ops, "a1, timer");
			want = insn_enc_i(op, REG_a1, 0, CR_TIMER);
			break;
		case FORM_MTCR:
			strcpy(ops, "timer, t2");
			want = insn_enc_i(op, 0, REG_t2, CR_TIMER);
			break;
		case FORM_NONE:
			ops[0] = '\0';
			want = insn_enc_n(op);
			break;
		default:
			fail_msg("form %u of %s has no test", (unsigned)in->form, in->mnemonic);
			return;
		}
		char src[160];
		snprintf(src, sizeof src, "back:\tnop\n\tnop\n\t%s\t%s\n", in->mnemonic, ops);
		struct asm_result r;
		ok(&r, src);
		assert_int_equal(fx_nwords(&r), 3);
		if (fx_word(&r, 2) != want)
			fail_msg("%s %s: got 0x%08x, want 0x%08x", in->mnemonic, ops, fx_word(&r, 2), want);
		assert_true(isa_valid(want));
		asm_result_free(&r);
	}
}

/* Immediates at the limits of each form are accepted and encoded. */
static void test_immediate_limits(void **state)
{
	(void)state;
	struct asm_result r;
	ok(&r, "addi a0, a0, -32768\n addi a0, a0, 32767\n ori a0, a0, 0\n ori a0, a0, 65535\n"
	       "srai a0, a0, 0\n slli a0, a0, 31\n lui a0, 0xFFFF\n lw a0, -32768(sp)\n"
	       "sw a0, 32767(sp)\n");
	assert_int_equal(fx_word(&r, 0), insn_enc_i(OP_ADDI, REG_a0, REG_a0, 0x8000));
	assert_int_equal(fx_word(&r, 1), insn_enc_i(OP_ADDI, REG_a0, REG_a0, 0x7FFF));
	assert_int_equal(fx_word(&r, 2), insn_enc_i(OP_ORI, REG_a0, REG_a0, 0));
	assert_int_equal(fx_word(&r, 3), insn_enc_i(OP_ORI, REG_a0, REG_a0, 0xFFFF));
	assert_int_equal(fx_word(&r, 4), insn_enc_i(OP_SRAI, REG_a0, REG_a0, 0));
	assert_int_equal(fx_word(&r, 5), insn_enc_i(OP_SLLI, REG_a0, REG_a0, 31));
	assert_int_equal(fx_word(&r, 6), insn_enc_i(OP_LUI, REG_a0, 0, 0xFFFF));
	assert_int_equal(fx_word(&r, 7), insn_enc_i(OP_LW, REG_a0, REG_sp, 0x8000));
	assert_int_equal(fx_word(&r, 8), insn_enc_i(OP_SW, REG_a0, REG_sp, 0x7FFF));
	asm_result_free(&r);
	/* a control register number that does not exist assembles, with a warning */
	assert_int_equal(asm_run(&r, "mfcr a0, 0xFFFF\n"), 0);
	assert_non_null(strstr(r.diag, "warning: no control register 65535"));
	assert_int_equal(fx_word(&r, 0), insn_enc_i(OP_MFCR, REG_a0, 0, 0xFFFF));
	asm_result_free(&r);
}

/* Branch and jal reach exactly their signed offset range, both ways. */
static void test_branch_reach(void **state)
{
	(void)state;
	struct asm_result r;
	ok(&r, "\t.org 0x100000\n"
	       "\tbeq a0, a1, . + 4 * 32767\n"
	       "\tbne a0, a1, . - 4 * 32768\n"
	       "\tjal ra, . + 4 * 524287\n"
	       "\tjal ra, . - 4 * 524288\n"
	       "\tbeq a0, a1, .\n");
	assert_int_equal(fx_word(&r, 0), insn_enc_i(OP_BEQ, REG_a0, REG_a1, 0x7FFF));
	assert_int_equal(fx_word(&r, 1), insn_enc_i(OP_BNE, REG_a0, REG_a1, 0x8000));
	assert_int_equal(fx_word(&r, 2), insn_enc_j(OP_JAL, REG_ra, 0x7FFFF));
	assert_int_equal(fx_word(&r, 3), insn_enc_j(OP_JAL, REG_ra, 0x80000));
	assert_int_equal(fx_word(&r, 4), insn_enc_i(OP_BEQ, REG_a0, REG_a1, 0));
	asm_result_free(&r);
}

/* Memory operands: offset optional, any expression before the parentheses. */
static void test_memory_operands(void **state)
{
	(void)state;
	struct asm_result r;
	ok(&r, "lw a0, (sp)\n lw a0, 0(sp)\n lw a0, FRAME_PC + 4(sp)\n lw a0, (2 + 2) * 2(s1)\n"
	       "lw a0, -4(fp)\n jalr ra, %lo(0x12345678)(t0)\n");
	assert_int_equal(fx_word(&r, 0), insn_enc_i(OP_LW, REG_a0, REG_sp, 0));
	assert_int_equal(fx_word(&r, 1), insn_enc_i(OP_LW, REG_a0, REG_sp, 0));
	assert_int_equal(fx_word(&r, 2), insn_enc_i(OP_LW, REG_a0, REG_sp, FRAME_PC + 4));
	assert_int_equal(fx_word(&r, 3), insn_enc_i(OP_LW, REG_a0, REG_s1, 8));
	assert_int_equal(fx_word(&r, 4), insn_enc_i(OP_LW, REG_a0, REG_fp, 0xFFFC));
	assert_int_equal(fx_word(&r, 5), insn_enc_i(OP_JALR, REG_ra, REG_t0, 0x5678));
	asm_result_free(&r);
}

/* Every register by number and by ABI name (regs.def). */
static void test_registers(void **state)
{
	(void)state;
	char src[2048] = "";
	size_t n = 0;
	for (int i = 0; i < REG_COUNT; i++)
		n += (size_t)snprintf(src + n, sizeof src - n, "add r%d, %s, r%d\n", i,
				      isa_reg_names[i], 15 - i);
	struct asm_result r;
	ok(&r, src);
	for (unsigned i = 0; i < REG_COUNT; i++)
		assert_int_equal(fx_word(&r, i), insn_enc_r(OP_ADD, i, i, 15 - i));
	asm_result_free(&r);
}

/* mfcr/mtcr take every control register as CR_NAME, as its lower-case
 * name, and as a number. */
static void test_control_registers(void **state)
{
	(void)state;
	for (unsigned i = 0; i < CR_COUNT; i++) {
		char lower[32], src[256];
		size_t k;
		for (k = 0; isa_cregs[i].name[k] && k + 1 < sizeof lower; k++)
			lower[k] = (char)tolower((unsigned char)isa_cregs[i].name[k]);
		lower[k] = '\0';
		snprintf(src, sizeof src, "mfcr t0, CR_%s\nmfcr t0, %s\nmtcr %s, t1\nmtcr %u, t1\n",
			 isa_cregs[i].name, lower, lower, i);
		struct asm_result r;
		if (isa_cregs[i].access == CR_RO) {
			/* the mtcr lines assemble, with a warning each */
			assert_int_equal(asm_run(&r, src), 0);
			assert_non_null(strstr(r.diag, "read-only"));
		} else {
			ok(&r, src);
		}
		assert_int_equal(fx_word(&r, 0), insn_enc_i(OP_MFCR, REG_t0, 0, i));
		assert_int_equal(fx_word(&r, 1), insn_enc_i(OP_MFCR, REG_t0, 0, i));
		assert_int_equal(fx_word(&r, 2), insn_enc_i(OP_MTCR, 0, REG_t1, i));
		assert_int_equal(fx_word(&r, 3), insn_enc_i(OP_MTCR, 0, REG_t1, i));
		asm_result_free(&r);
	}
}

#define I(op, a, b, imm) insn_enc_i(OP_##op, REG_##a, REG_##b, (uint32_t)(imm))
#define RR(op, a, b, c) insn_enc_r(OP_##op, REG_##a, REG_##b, REG_##c)
#define J(op, a, off) insn_enc_j(OP_##op, REG_##a, (uint32_t)(off))

/* Each pseudo-instruction, at address 8 ("f" is at 0, "g" at 32), and
 * exactly the words it stands for. */
static void test_pseudo_instructions(void **state)
{
	(void)state;
	const struct {
		const char *src;
		int n;
		uint32_t w[2];
	} pseudos[] = {
		{ "nop", 1, { I(ADDI, zero, zero, 0) } },
		{ "li a0, 5", 1, { I(ADDI, a0, zero, 5) } },
		{ "li a0, -1", 1, { I(ADDI, a0, zero, -1) } },
		{ "li a0, -32768", 1, { I(ADDI, a0, zero, -32768) } },
		{ "li a0, 32767", 1, { I(ADDI, a0, zero, 32767) } },
		{ "li a0, 32768", 1, { I(ORI, a0, zero, 0x8000) } },
		{ "li a0, 0xFFFF", 1, { I(ORI, a0, zero, 0xFFFF) } },
		{ "li a0, 0x10000", 2, { I(LUI, a0, zero, 1), I(ORI, a0, a0, 0) } },
		{ "li a0, -32769", 2, { I(LUI, a0, zero, 0xFFFF), I(ORI, a0, a0, 0x7FFF) } },
		{ "li t3, 0x12345678", 2, { I(LUI, t3, zero, 0x1234), I(ORI, t3, t3, 0x5678) } },
		{ "li a0, DEV_CONS_OUT", 2, { I(LUI, a0, zero, 0xF000), I(ORI, a0, a0, DEVREG_CONS_OUT) } },
		/* known only in pass 2: always the pair, even though 3 would fit */
		{ "li a0, later", 2, { I(LUI, a0, zero, 0), I(ORI, a0, a0, 3) } },
		{ "li a0, g", 2, { I(LUI, a0, zero, 0), I(ORI, a0, a0, 32) } },
		/* known in pass 1: a label defined above */
		{ "li a0, f", 1, { I(ADDI, a0, zero, 0) } },
		{ "la a0, 0x1234", 2, { I(LUI, a0, zero, 0), I(ORI, a0, a0, 0x1234) } },
		{ "la s2, 0xDEADBEEF", 2, { I(LUI, s2, zero, 0xDEAD), I(ORI, s2, s2, 0xBEEF) } },
		{ "mov t0, t1", 1, { I(ADDI, t0, t1, 0) } },
		{ "not t0, t1", 2, { RR(SUB, t0, zero, t1), I(ADDI, t0, t0, -1) } },
		{ "neg t0, t1", 1, { RR(SUB, t0, zero, t1) } },
		{ "call f", 1, { J(JAL, ra, -2) } },
		{ "call g", 1, { J(JAL, ra, 6) } },
		{ "ret", 1, { I(JALR, zero, ra, 0) } },
		{ "j f", 1, { J(JAL, zero, -2) } },
		{ "jr t0", 1, { I(JALR, zero, t0, 0) } },
		{ "push s0", 2, { I(ADDI, sp, sp, -4), I(SW, s0, sp, 0) } },
		{ "pop s0", 2, { I(LW, s0, sp, 0), I(ADDI, sp, sp, 4) } },
		{ "beqz a0, f", 1, { I(BEQ, a0, zero, -2) } },
		{ "bnez a0, g", 1, { I(BNE, a0, zero, 6) } },
		{ "bgt a0, a1, f", 1, { I(BLT, a1, a0, -2) } },
		{ "ble a0, a1, f", 1, { I(BGE, a1, a0, -2) } },
		{ "bgtu a0, a1, f", 1, { I(BLTU, a1, a0, -2) } },
		{ "bleu a0, a1, f", 1, { I(BGEU, a1, a0, -2) } },
		{ "seqz a0, a1", 1, { I(SLTIU, a0, a1, 1) } },
		{ "snez a0, a1", 1, { RR(SLTU, a0, zero, a1) } },
	};
	for (size_t i = 0; i < sizeof pseudos / sizeof pseudos[0]; i++) {
		char src[256];
		snprintf(src, sizeof src,
			 "f:\tnop\n\tnop\n\t%s\n\t.org 32\ng:\tnop\nlater = 3\n", pseudos[i].src);
		struct asm_result r;
		ok(&r, src);
		for (int k = 0; k < pseudos[i].n; k++)
			if (fx_word(&r, 2 + (uint32_t)k) != pseudos[i].w[k])
				fail_msg("%s: word %d is 0x%08x, want 0x%08x", pseudos[i].src, k,
					 fx_word(&r, 2 + (uint32_t)k), pseudos[i].w[k]);
		/* and nothing more: the next word is the .org padding */
		assert_int_equal(fx_word(&r, 2 + (uint32_t)pseudos[i].n), 0);
		asm_result_free(&r);
	}
}

/* Expressions: precedence, operators, literals and escapes, %hi/%lo, '.'. */
static const struct {
	const char *expr;
	uint32_t value;
} exprs[] = {
	{ "1 + 2 * 3", 7 }, { "(1 + 2) * 3", 9 }, { "10 - 4 - 3", 3 }, { "7 / 2", 3 },
	{ "-7 / 2", (uint32_t)-3 }, { "-7 % 3", (uint32_t)-1 }, { "7 % -3", 1 },
	{ "0x80000000 / -1", 0x80000000u }, { "0x80000000 % -1", 0 },
	{ "1 << 4 + 1", 32 }, { "0x80000000 >> 31", 1 }, { "-1 >> 28", 0xF },
	{ "1 << 32", 0 }, { "1 << 31", 0x80000000u },
	{ "6 & 3", 2 }, { "6 ^ 3", 5 }, { "6 | 3", 7 }, { "1 | 2 ^ 3 & 4", 3 },
	{ "1 + 2 << 3 & 0xFF", 24 }, { "-1", 0xFFFFFFFFu }, { "~0", 0xFFFFFFFFu },
	{ "!0", 1 }, { "!5", 0 }, { "- - 3", 3 }, { "+4", 4 }, { "~-1", 0 },
	{ "0xFFFFFFFF + 2", 1 }, { "0 - 1", 0xFFFFFFFFu }, { "0x10000 * 0x10000", 0 },
	{ "0b1010", 10 }, { "0B11", 3 }, { "0o17", 15 }, { "0x1f", 31 }, { "0XAB", 0xAB },
	{ "010", 10 }, { "4294967295", 0xFFFFFFFFu },
	{ "'a'", 'a' }, { "'\\n'", '\n' }, { "'\\t'", '\t' }, { "'\\r'", '\r' }, { "'\\0'", 0 },
	{ "'\\\\'", '\\' }, { "'\\''", '\'' }, { "'\\\"'", '"' }, { "'\\x41'", 0x41 },
	{ "'\\xff'", 0xFF }, { "'#'", '#' }, { "';'", ';' }, { "' '", ' ' },
	{ "%hi(0x12345678)", 0x1234 }, { "%lo(0x12345678)", 0x5678 },
	{ "%hi(-1)", 0xFFFF }, { "%hi(0x12345678) << 16 | %lo(0x12345678)", 0x12345678 },
	{ "10 % 4 * 3", 6 }, { ".", 8 }, { ". + 4", 12 }, { "K * 2", 84 }, { "L", 16 },
	{ "TRAP_TIMER + 1", TRAP_TIMER + 1 },
};

static void test_expressions(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
		char src[256];
		snprintf(src, sizeof src, "K = 42\n\tnop\n\tnop\n\t.word %s\n\t.word 0\nL:\tnop\n",
			 exprs[i].expr);
		struct asm_result r;
		ok(&r, src);
		if (fx_word(&r, 2) != exprs[i].value)
			fail_msg("%s = 0x%08x, want 0x%08x", exprs[i].expr, fx_word(&r, 2), exprs[i].value);
		asm_result_free(&r);
	}
}

/* Mnemonics, directives, registers and names are case-sensitive. */
static void test_case_sensitive(void **state)
{
	(void)state;
	struct asm_result r;
	assert_int_equal(asm_run(&r, "\tADD a0, a0, a0\n"), 1);
	asm_result_free(&r);
	assert_int_equal(asm_run(&r, "\tadd A0, a0, a0\n"), 1);
	asm_result_free(&r);
	assert_int_equal(asm_run(&r, "\tnop\n\t.WORD 1\n"), 1);
	asm_result_free(&r);
	ok(&r, "Foo: nop\nfoo: nop\n\t.word Foo, foo\n");
	assert_int_equal(fx_word(&r, 2), 0);
	assert_int_equal(fx_word(&r, 3), 4);
	asm_result_free(&r);
}

/* The predefined names, each compared with the value the C side gets
 * from the same row. */
static void test_predefined_names(void **state)
{
	(void)state;
	static const struct {
		const char *prefix, *name;
		uint32_t value;
	} names[] = {
#define CREG(num, name, access, meaning) { "CR_", #name, CR_##name },
#include "cregs.def"
#undef CREG
#define STATUS_BIT(name, bit, meaning) { "STATUS_", #name, STATUS_##name },
#include "status.def"
#undef STATUS_BIT
#define CAUSE(num, name, kind, pushed, text) { "TRAP_", #name, TRAP_##name },
#include "causes.def"
#undef CAUSE
#define DEVREG(off, name, access, meaning) { "DEV_", #name, DEV_BASE + DEVREG_##name },
#include "devices.def"
#undef DEVREG
#define FRAME_FIELD(off, name, meaning) { "FRAME_", #name, FRAME_##name },
#include "frame.def"
#undef FRAME_FIELD
#define BOOT_FIELD(off, name, meaning) { "BOOT_", #name, BOOT_##name },
#include "bootinfo.def"
#undef BOOT_FIELD
#define FILE_FIELD(off, name, meaning) { "FILE_", #name, FILE_##name },
#include "fileent.def"
#undef FILE_FIELD
#define SYSCALL(num, name, args, result) { "SYS_", #name, num },
#include "syscalls.def"
#undef SYSCALL
#define ERROR(num, name, meaning) { "", #name, num },
#include "errors.def"
#undef ERROR
#define OSEV(code, name, a0, a1, format) { "OSEV_", #name, code },
#include "trace_events.def"
#undef OSEV
		{ "", "TRAP_COUNT", TRAP_COUNT }, { "", "IVEC_ENTRIES", IVEC_ENTRIES },
		{ "", "DEV_BASE", DEV_BASE }, { "", "CONS_READY", CONS_READY },
		{ "", "CONS_EOF", CONS_EOF }, { "", "FRAME_BYTES", FRAME_BYTES },
		{ "", "BOOT_BYTES", BOOT_BYTES }, { "", "BOOTINFO_MAGIC", BOOTINFO_MAGIC },
		{ "", "FILE_BYTES", FILE_BYTES }, { "", "MEM_MIN", MEM_MIN },
		{ "", "MEM_MAX", MEM_MAX }, { "", "MEM_DEFAULT", MEM_DEFAULT },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char name[64], src[128];
		size_t k = strlen(names[i].prefix);
		memcpy(name, names[i].prefix, k);
		for (const char *c = names[i].name; *c; c++)
			name[k++] = (char)toupper((unsigned char)*c);
		name[k] = '\0';
		snprintf(src, sizeof src, "\tnop\n\t.word %s\n", name);
		struct asm_result r;
		ok(&r, src);
		if (fx_word(&r, 1) != names[i].value)
			fail_msg("%s = 0x%08x, want 0x%08x", name, fx_word(&r, 1), names[i].value);
		/* not in the image's symbol table: only the source's names are */
		assert_false(fx_sym(&r, name, NULL, NULL));
		asm_result_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row),
		cmocka_unit_test(test_immediate_limits),
		cmocka_unit_test(test_branch_reach),
		cmocka_unit_test(test_memory_operands),
		cmocka_unit_test(test_registers),
		cmocka_unit_test(test_control_registers),
		cmocka_unit_test(test_pseudo_instructions),
		cmocka_unit_test(test_expressions),
		cmocka_unit_test(test_case_sensitive),
		cmocka_unit_test(test_predefined_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
