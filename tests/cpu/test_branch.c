/*
 * test_branch.c - conditional branches, jal and jalr (isa.def "Conditional
 * branches" and "Jumps" rows): taken and not taken on the signed/unsigned
 * edges, word offsets relative to the branch itself with sign extension and
 * wrap-around, link registers, jalr alignment, and small loops.
 */
#include "cpu_fixture.h"

#define IMIN 0x80000000u
#define IMAX 0x7FFFFFFFu

struct br_case {
	uint8_t op;
	uint32_t x, y;
	bool taken;
	uint16_t off;	/* word offset (imm16) */
};

static const struct br_case br_cases[] = {
	{ OP_BEQ, 5, 5, true, 3 },
	{ OP_BEQ, 5, 6, false, 3 },
	{ OP_BEQ, 0, IMIN, false, 3 },
	{ OP_BEQ, 0xFFFFFFFF, 0xFFFFFFFF, true, 0xFFFB },	/* backwards 5 words */
	{ OP_BNE, 5, 6, true, 2 },
	{ OP_BNE, 7, 7, false, 2 },
	{ OP_BNE, 1, 0x80000001, true, 0 },			/* to itself */
	{ OP_BLT, 0xFFFFFFFF, 1, true, 4 },			/* -1 < 1 */
	{ OP_BLT, 1, 0xFFFFFFFF, false, 4 },
	{ OP_BLT, IMIN, IMAX, true, 0x7FFF },			/* farthest forward */
	{ OP_BLT, 3, 3, false, 4 },
	{ OP_BGE, 3, 3, true, 0x8000 },				/* farthest back: wraps */
	{ OP_BGE, 1, 0xFFFFFFFF, true, 1 },
	{ OP_BGE, 0xFFFFFFFF, 1, false, 1 },
	{ OP_BGE, IMIN, IMAX, false, 1 },
	{ OP_BLTU, 1, 0xFFFFFFFF, true, 0xFFFF },
	{ OP_BLTU, 0xFFFFFFFF, 1, false, 0xFFFF },
	{ OP_BLTU, 3, 3, false, 2 },
	{ OP_BLTU, 0, IMIN, true, 2 },
	{ OP_BGEU, 0xFFFFFFFF, 1, true, 6 },
	{ OP_BGEU, 3, 3, true, 6 },
	{ OP_BGEU, 1, 0xFFFFFFFF, false, 6 },
};

static uint32_t sx16(uint32_t v) { return (uint32_t)insn_simm16(v << 16); }

/* Each branch goes to pc + 4 * sx(offset) when its condition holds and to
 * pc + 4 otherwise, in kernel mode and in user mode, changing no register. */
static void test_branches(void **state)
{
	struct fx *f = *state;
	for (unsigned i = 0; i < N_ELEMS(br_cases); i++) {
		const struct br_case *c = &br_cases[i];
		cov_insn(c->op);
		uint32_t prog[] = {
			NOP,
			insn_enc_i(c->op, REG_a1, REG_a2, c->off),	/* 4: op a1, a2, off */
		};
		for (int user = 0; user <= 1; user++) {
			fx_load(f, user, prog, N_ELEMS(prog));
			cpu_set_reg(f->m, REG_a1, c->x);
			cpu_set_reg(f->m, REG_a2, c->y);
			fx_steps(f, 1);
			uint32_t pc = cpu_pc(f->m);
			fx_steps(f, 1);
			uint32_t want = c->taken ? pc + 4 * sx16(c->off) : pc + 4;
			if (cpu_pc(f->m) != want)
				fail_msg("row %u (%s, %s): pc 0x%08x want 0x%08x", i,
					 isa_by_opcode(c->op)->mnemonic, user ? "user" : "kernel",
					 cpu_pc(f->m), want);
			assert_int_equal(cpu_reg(f->m, REG_a1), c->x);
			assert_int_equal(cpu_reg(f->m, REG_a2), c->y);
		}
	}
}

/* jal writes pc + 4 to rd and jumps by a sign-extended 20-bit word offset
 * from its own address (wrapping at the ends); jal zero writes nothing. */
static void test_jal(void **state)
{
	struct fx *f = *state;
	static const struct {
		uint8_t rd;
		uint32_t off;		/* imm20 */
		uint32_t delta;		/* pc change */
	} cases[] = {
		{ REG_ra, 2, 8 },
		{ REG_ra, 0xFFFFF, (uint32_t)-4 },
		{ REG_s0, 0x7FFFF, 0x1FFFFC },
		{ REG_t3, 0x80000, (uint32_t)-0x200000 },	/* wraps below 0 */
		{ REG_zero, 5, 20 },
	};
	COVERS(JAL);
	for (unsigned i = 0; i < N_ELEMS(cases); i++) {
		uint32_t prog[] = {
			NOP,
			insn_enc_j(OP_JAL, cases[i].rd, cases[i].off),	/* 4: jal rd, off */
		};
		for (int user = 0; user <= 1; user++) {
			fx_load(f, user, prog, N_ELEMS(prog));
			cpu_set_reg(f->m, cases[i].rd, 0x12345678);
			fx_steps(f, 1);
			uint32_t pc = cpu_pc(f->m);
			fx_steps(f, 1);
			assert_int_equal(cpu_pc(f->m), pc + cases[i].delta);
			assert_int_equal(cpu_reg(f->m, cases[i].rd),
					 cases[i].rd == REG_zero ? 0 : pc + 4);
		}
	}
}

/* jalr jumps to rs1 + sx(imm16) and writes pc + 4 to rd after reading rs1
 * (so rd == rs1 works); jalr zero writes nothing. */
static void test_jalr(void **state)
{
	struct fx *f = *state;
	static const struct {
		uint8_t rd, rs1;
		uint32_t base, imm, target;
	} cases[] = {
		{ REG_ra, REG_a1, 0x2000, 0xFFF0, 0x1FF0 },	/* negative offset */
		{ REG_a2, REG_a1, 0x2000, 0x7FFC, 0x9FFC },
		{ REG_ra, REG_ra, 0x1000, 8, 0x1008 },		/* rd == rs1 */
		{ REG_zero, REG_ra, 0x1234, 0xFFFC, 0x1230 },	/* ret-like */
		{ REG_a0, REG_a1, 0xFFFFFFF0, 0x20, 0x10 },	/* wraps past 2^32 */
	};
	COVERS(JALR);
	for (unsigned i = 0; i < N_ELEMS(cases); i++) {
		uint32_t prog[] = {
			NOP,
			insn_enc_i(OP_JALR, cases[i].rd, cases[i].rs1, cases[i].imm), /* 4: jalr rd, imm(rs1) */
		};
		for (int user = 0; user <= 1; user++) {
			fx_load(f, user, prog, N_ELEMS(prog));
			cpu_set_reg(f->m, cases[i].rs1, cases[i].base);
			fx_steps(f, 1);
			uint32_t pc = cpu_pc(f->m);
			fx_steps(f, 1);
			assert_int_equal(cpu_pc(f->m), cases[i].target);
			assert_int_equal(cpu_reg(f->m, cases[i].rd),
					 cases[i].rd == REG_zero ? 0 : pc + 4);
		}
	}
}

/* jalr to a target that is not a multiple of 4 faults with TRAP_MISALIGNED
 * raised by jalr itself: pushed pc = the jalr, FADDR = the target, rd not
 * written, in both modes. */
static void test_jalr_misaligned(void **state)
{
	struct fx *f = *state;
	static const struct {
		uint32_t base, imm, target;
	} cases[] = {
		{ 0x2001, 0, 0x2001 },
		{ 0x2000, 2, 0x2002 },
		{ 0x2004, 0xFFFF, 0x2003 },
	};
	for (unsigned i = 0; i < N_ELEMS(cases); i++) {
		uint32_t prog[] = {
			NOP,
			insn_enc_i(OP_JALR, REG_ra, REG_a1, cases[i].imm),	/* 4: jalr ra, imm(a1) */
		};
		for (int user = 0; user <= 1; user++) {
			fx_load(f, user, prog, N_ELEMS(prog));
			cpu_set_reg(f->m, REG_a1, cases[i].base);
			cpu_set_reg(f->m, REG_ra, 0xABCDEF00);
			fx_steps(f, 1);
			uint32_t pc = cpu_pc(f->m);
			fx_expect_trap(f, OP_JALR, TRAP_MISALIGNED, pc, cases[i].target);
			assert_int_equal(cpu_reg(f->m, REG_ra), 0xABCDEF00);
		}
	}
}

/* A counted loop (bne back) and a call/return (jal ra / jalr zero, 0(ra))
 * compute what they should: sum 1..10 = 55, plus 100 from the function. */
static void test_loop_and_call(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_ADDI, REG_t0, REG_zero, 10),	/*  0: addi t0, zero, 10 */
		insn_enc_i(OP_ADDI, REG_a0, REG_zero, 0),	/*  4: addi a0, zero, 0 */
		insn_enc_r(OP_ADD, REG_a0, REG_a0, REG_t0),	/*  8: loop: add a0, a0, t0 */
		insn_enc_i(OP_ADDI, REG_t0, REG_t0, 0xFFFF),	/* 12: addi t0, t0, -1 */
		insn_enc_i(OP_BNE, REG_t0, REG_zero, 0xFFFE),	/* 16: bne t0, zero, loop */
		insn_enc_j(OP_JAL, REG_ra, 2),			/* 20: jal ra, func */
		HALT,						/* 24: halt */
		insn_enc_i(OP_ADDI, REG_a0, REG_a0, 100),	/* 28: func: addi a0, a0, 100 */
		insn_enc_i(OP_JALR, REG_zero, REG_ra, 0),	/* 32: jalr zero, 0(ra) */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	assert_int_equal(cpu_run(f->m, 1000), CPU_STOP_HALT);
	assert_int_equal(cpu_exit_status(f->m), 155);
	assert_int_equal(cpu_reg(f->m, REG_ra), FX_KCODE + 24);
	assert_true(cpu_instret(f->m) >= 2 + 30 + 3);
}

int cpu_tests_branch(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_branches),
		FX_TEST(test_jal),
		FX_TEST(test_jalr),
		FX_TEST(test_jalr_misaligned),
		FX_TEST(test_loop_and_call),
	};
	return cmocka_run_group_tests_name("cpu_branch", tests, NULL, NULL);
}
