/*
 * test_alu.c - the register-register and register-immediate ALU
 * instructions (isa.def "Integer ... ALU" rows): results at the edge values
 * (wrap-around, sign and zero extension, shift amounts 0, 31 and >= 32,
 * INT_MIN / -1), division by zero in both modes, and r0.
 */
#include <string.h>

#include "cpu_fixture.h"

/* One row: a0 = op(x, y); y is rs2 for form R, imm16 otherwise. */
struct alu_case {
	uint8_t op;
	uint32_t x, y, want;
};

#define IMIN 0x80000000u
#define IMAX 0x7FFFFFFFu

static const struct alu_case alu_cases[] = {
	{ OP_ADD, 1, 2, 3 },
	{ OP_ADD, 0xFFFFFFFF, 1, 0 },			/* wraps to 0 */
	{ OP_ADD, IMAX, 1, IMIN },			/* signed overflow wraps */
	{ OP_ADD, IMIN, IMIN, 0 },
	{ OP_SUB, 5, 7, 0xFFFFFFFE },
	{ OP_SUB, 0, 1, 0xFFFFFFFF },			/* wraps below 0 */
	{ OP_SUB, IMIN, 1, IMAX },
	{ OP_AND, 0xF0F0F0F0, 0xFF00FF00, 0xF000F000 },
	{ OP_OR, 0xF0F0F0F0, 0x0F0F0000, 0xFFFFF0F0 },
	{ OP_XOR, 0xFFFF0000, 0xF0F0F0F0, 0x0F0FF0F0 },
	{ OP_SLL, 1, 31, IMIN },
	{ OP_SLL, 0x12345678, 32, 0x12345678 },		/* rs2 & 31 = 0 */
	{ OP_SLL, 0x12345678, 33, 0x2468ACF0 },		/* rs2 & 31 = 1 */
	{ OP_SLL, 3, 0xFFFFFFFF, IMIN },		/* rs2 & 31 = 31 */
	{ OP_SRL, IMIN, 31, 1 },
	{ OP_SRL, 0xFFFFFFFF, 4, 0x0FFFFFFF },		/* zeros shifted in */
	{ OP_SRL, 0xFFFFFFFF, 36, 0x0FFFFFFF },		/* rs2 & 31 = 4 */
	{ OP_SRL, 0xFFFFFFFF, 0, 0xFFFFFFFF },
	{ OP_SRA, IMIN, 31, 0xFFFFFFFF },		/* sign shifted in */
	{ OP_SRA, 0xF0000000, 4, 0xFF000000 },
	{ OP_SRA, 0x70000000, 4, 0x07000000 },
	{ OP_SRA, IMIN, 32, IMIN },			/* rs2 & 31 = 0 */
	{ OP_SLT, 0xFFFFFFFF, 1, 1 },			/* -1 < 1 signed */
	{ OP_SLT, 1, 0xFFFFFFFF, 0 },
	{ OP_SLT, IMIN, IMAX, 1 },
	{ OP_SLT, 5, 5, 0 },
	{ OP_SLTU, 0xFFFFFFFF, 1, 0 },			/* 0xFFFFFFFF > 1 unsigned */
	{ OP_SLTU, 1, 0xFFFFFFFF, 1 },
	{ OP_SLTU, 0, 0, 0 },
	{ OP_MUL, 0x10000, 0x10000, 0 },		/* low 32 bits only */
	{ OP_MUL, 0xFFFFFFFF, 0xFFFFFFFF, 1 },
	{ OP_MUL, 12345, 0xFFFFFFFF, (uint32_t)-12345 },
	{ OP_MULH, IMIN, IMIN, 0x40000000 },		/* 2^62 */
	{ OP_MULH, 0xFFFFFFFF, 0xFFFFFFFF, 0 },		/* -1 * -1 = 1 */
	{ OP_MULH, 0xFFFFFFFF, 1, 0xFFFFFFFF },		/* -1: high half all ones */
	{ OP_MULH, IMAX, 2, 0 },
	{ OP_MULHU, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE },
	{ OP_MULHU, 0xFFFFFFFF, 1, 0 },
	{ OP_MULHU, IMIN, 2, 1 },
	{ OP_DIV, 7, 2, 3 },
	{ OP_DIV, (uint32_t)-7, 2, (uint32_t)-3 },	/* rounds toward zero */
	{ OP_DIV, 7, (uint32_t)-2, (uint32_t)-3 },
	{ OP_DIV, (uint32_t)-7, (uint32_t)-2, 3 },
	{ OP_DIV, IMIN, 0xFFFFFFFF, IMIN },		/* INT_MIN / -1 */
	{ OP_DIV, IMIN, 1, IMIN },
	{ OP_DIVU, 0xFFFFFFFF, 2, IMAX },
	{ OP_DIVU, IMIN, 0xFFFFFFFF, 0 },
	{ OP_DIVU, 7, 7, 1 },
	{ OP_REM, 7, 2, 1 },
	{ OP_REM, (uint32_t)-7, 2, (uint32_t)-1 },	/* sign of rs1 */
	{ OP_REM, 7, (uint32_t)-2, 1 },
	{ OP_REM, IMIN, 0xFFFFFFFF, 0 },		/* INT_MIN % -1 */
	{ OP_REMU, 0xFFFFFFFF, 10, 5 },
	{ OP_REMU, (uint32_t)-7, 2, 1 },
	{ OP_REMU, 3, 0xFFFFFFFF, 3 },
	{ OP_ADDI, 1, 0xFFFF, 0 },			/* sx(0xFFFF) = -1 */
	{ OP_ADDI, 5, 0x8000, (uint32_t)(5 - 32768) },
	{ OP_ADDI, IMAX, 1, IMIN },
	{ OP_ADDI, 0, 0x7FFF, 0x7FFF },
	{ OP_SLTI, 0, 0xFFFF, 0 },			/* 0 < -1 ? no */
	{ OP_SLTI, (uint32_t)-2, 0xFFFF, 1 },		/* -2 < -1 */
	{ OP_SLTI, IMIN, 0x8000, 1 },
	{ OP_SLTI, 0x7FFF, 0x7FFF, 0 },
	{ OP_SLTIU, 5, 0xFFFF, 1 },			/* sx then unsigned: 5 < 0xFFFFFFFF */
	{ OP_SLTIU, 0xFFFFFFFF, 0xFFFF, 0 },
	{ OP_SLTIU, 0, 1, 1 },
	{ OP_SLTIU, 0x8000, 0x8000, 1 },		/* 0x8000 < 0xFFFF8000 */
	{ OP_ANDI, 0xFFFFFFFF, 0x8000, 0x00008000 },	/* zero-extended */
	{ OP_ANDI, 0xFFFFFFFF, 0xFFFF, 0x0000FFFF },
	{ OP_ORI, 0, 0xFFFF, 0x0000FFFF },
	{ OP_ORI, 0xABCD0000, 0x1234, 0xABCD1234 },
	{ OP_XORI, 0xFFFFFFFF, 0xFFFF, 0xFFFF0000 },
	{ OP_XORI, 0x12345678, 0, 0x12345678 },
	{ OP_SLLI, 1, 31, IMIN },
	{ OP_SLLI, 0x12345678, 0, 0x12345678 },
	{ OP_SLLI, 0x80000001, 1, 2 },
	{ OP_SRLI, IMIN, 31, 1 },
	{ OP_SRLI, 0xFFFFFFFF, 16, 0x0000FFFF },
	{ OP_SRLI, 0xFFFFFFFF, 0, 0xFFFFFFFF },
	{ OP_SRAI, IMIN, 31, 0xFFFFFFFF },
	{ OP_SRAI, 0x80000010, 4, 0xF8000001 },
	{ OP_SRAI, 0x40000000, 30, 1 },
	{ OP_LUI, 0, 0xABCD, 0xABCD0000 },
	{ OP_LUI, 0xFFFFFFFF, 0xFFFF, 0xFFFF0000 },	/* rs1 ignored, low half 0 */
	{ OP_LUI, 0, 0, 0 },
};

static uint32_t alu_word(unsigned op, uint32_t y)
{
	const struct isa_insn *in = isa_by_opcode(op);
	assert_non_null(in);
	switch (in->form) {
	case FORM_R:
		return insn_enc_r(op, REG_a0, REG_a1, REG_a2);	/* op a0, a1, a2 */
	case FORM_LUI:
		return insn_enc_i(op, REG_a0, 0, y);		/* lui a0, y */
	default:
		return insn_enc_i(op, REG_a0, REG_a1, y);	/* op a0, a1, y */
	}
}

/* Run one ALU word with a1 = x, a2 = y at the current mode's pc; only a0
 * and pc (+4) may change, and the instruction retires. */
static uint32_t alu_step(struct fx *f, uint32_t x, uint32_t y)
{
	cpu_set_reg(f->m, REG_a0, 0xA5A5A5A5);
	cpu_set_reg(f->m, REG_a1, x);
	cpu_set_reg(f->m, REG_a2, y);
	uint32_t before[REG_COUNT];
	for (unsigned r = 0; r < REG_COUNT; r++)
		before[r] = cpu_reg(f->m, r);
	uint32_t pc = cpu_pc(f->m);
	uint64_t ret = cpu_instret(f->m);
	fx_steps(f, 1);
	assert_int_equal(cpu_pc(f->m), pc + 4);
	assert_int_equal(cpu_instret(f->m), ret + 1);
	for (unsigned r = 0; r < REG_COUNT; r++)
		if (r != REG_a0 && cpu_reg(f->m, r) != before[r])
			fail_msg("%s changed", isa_reg_names[r]);
	return cpu_reg(f->m, REG_a0);
}

/* Every row of alu_cases gives its result in kernel mode and in user mode. */
static void test_alu_results(void **state)
{
	struct fx *f = *state;
	for (unsigned i = 0; i < N_ELEMS(alu_cases); i++) {
		const struct alu_case *c = &alu_cases[i];
		uint32_t w = alu_word(c->op, c->y);
		cov_insn(c->op);
		fx_kernel(f, &w, 1);
		uint32_t k = alu_step(f, c->x, c->y);
		fx_user(f, &w, 1);
		uint32_t u = alu_step(f, c->x, c->y);
		if (k != c->want || u != c->want)
			fail_msg("row %u: %s 0x%08x, 0x%08x = 0x%08x (kernel) 0x%08x (user), want 0x%08x",
				 i, isa_by_opcode(c->op)->mnemonic, c->x, c->y, k, u, c->want);
	}
}

/* The destination may be a source: add a0, a0, a0 reads before it writes. */
static void test_alu_rd_is_source(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_r(OP_ADD, REG_a0, REG_a0, REG_a0),	/* add a0, a0, a0 */
		insn_enc_i(OP_ADDI, REG_a1, REG_a1, 0xFFFF),	/* addi a1, a1, -1 */
		insn_enc_r(OP_SUB, REG_a2, REG_a3, REG_a2),	/* sub a2, a3, a2 */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a0, 21);
	cpu_set_reg(f->m, REG_a1, 0);
	cpu_set_reg(f->m, REG_a2, 3);
	cpu_set_reg(f->m, REG_a3, 10);
	fx_steps(f, 3);
	assert_int_equal(cpu_reg(f->m, REG_a0), 42);
	assert_int_equal(cpu_reg(f->m, REG_a1), 0xFFFFFFFF);
	assert_int_equal(cpu_reg(f->m, REG_a2), 7);
}

/* r0 reads 0 and ignores writes: from an instruction, from the host, as a
 * source after an attempted write. */
static void test_r0_stays_zero(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_ADDI, REG_zero, REG_zero, 5),	/* addi zero, zero, 5 */
		insn_enc_i(OP_LUI, REG_zero, 0, 0xFFFF),	/* lui zero, 0xFFFF */
		insn_enc_r(OP_ADD, REG_a0, REG_zero, REG_zero),	/* add a0, zero, zero */
		insn_enc_i(OP_ORI, REG_a1, REG_zero, 0x1234),	/* ori a1, zero, 0x1234 */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_zero, 7);
	assert_int_equal(cpu_reg(f->m, REG_zero), 0);
	cpu_set_reg(f->m, REG_a0, 99);
	fx_steps(f, 2);
	assert_int_equal(cpu_reg(f->m, REG_zero), 0);
	fx_steps(f, 2);
	assert_int_equal(cpu_reg(f->m, REG_a0), 0);
	assert_int_equal(cpu_reg(f->m, REG_a1), 0x1234);
	assert_int_equal(cpu_reg(f->m, REG_zero), 0);
}

/* lui + ori build any 32-bit constant (the `li` expansion). */
static void test_lui_ori_constant(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_LUI, REG_t0, 0, 0xDEAD),		/* lui t0, 0xDEAD */
		insn_enc_i(OP_ORI, REG_t0, REG_t0, 0xBEEF),	/* ori t0, t0, 0xBEEF */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_t0, 0x5555);
	fx_steps(f, 2);
	assert_int_equal(cpu_reg(f->m, REG_t0), 0xDEADBEEF);
}

/* div, divu, rem, remu by zero fault with TRAP_DIVZERO in both modes:
 * pushed pc and FADDR are the instruction's pc and rd keeps its value. */
static void test_divide_by_zero(void **state)
{
	struct fx *f = *state;
	static const uint8_t ops[] = { OP_DIV, OP_DIVU, OP_REM, OP_REMU };
	static const uint32_t dividends[] = { 7, IMIN, 0 };
	for (unsigned i = 0; i < N_ELEMS(ops); i++) {
		for (unsigned d = 0; d < N_ELEMS(dividends); d++) {
			uint32_t prog[] = {
				NOP,
				insn_enc_r(ops[i], REG_a0, REG_a1, REG_a2),	/* op a0, a1, a2 */
			};
			for (int user = 0; user <= 1; user++) {
				fx_load(f, user, prog, N_ELEMS(prog));
				cpu_set_reg(f->m, REG_a0, 0x600DF00D);
				cpu_set_reg(f->m, REG_a1, dividends[d]);
				cpu_set_reg(f->m, REG_a2, 0);
				fx_steps(f, 1);
				uint32_t pc = cpu_pc(f->m);
				fx_expect_trap(f, ops[i], TRAP_DIVZERO, pc, pc);
				assert_int_equal(cpu_reg(f->m, REG_a0), 0x600DF00D);
			}
		}
	}
}

int cpu_tests_alu(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_alu_results),
		FX_TEST(test_alu_rd_is_source),
		FX_TEST(test_r0_stays_zero),
		FX_TEST(test_lui_ori_constant),
		FX_TEST(test_divide_by_zero),
	};
	return cmocka_run_group_tests_name("cpu_alu", tests, NULL, NULL);
}
