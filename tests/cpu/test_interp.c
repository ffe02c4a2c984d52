/*
 * test_interp.c - what the fast interpreter adds beside the ISA and must
 * not change (src/cpu/cpu.c, run_block()): fused groups give exactly the
 * results of single steps at every budget boundary and see a store into
 * their own members; the fence catches straight-line code that leaves a
 * window whose bound is not a multiple of 4, whose last partial word loads
 * and stores still reach; and breakpoints stop before their instruction,
 * are stepped over, cleared, and split fused groups.
 */
#include <string.h>

#include "cpu_fixture.h"

#define BNE(x, y, off) insn_enc_i(OP_BNE, (x), (y), (uint32_t)(off) & 0xFFFF)

/* A kernel loop made of fused groups: sw + addi + bne (a triple), lbu +
 * addi (a pair), add + bltu (a pair), over 8 words of data. */
#define LOOP_PROG { \
	ADDI(REG_t0, REG_zero, FX_KDATA),		/* 0: t0 = data */ \
	ADDI(REG_t1, REG_zero, FX_KDATA + 32),		/* 1: t1 = end */ \
	ADDI(REG_a0, REG_zero, 7),			/* 2 */ \
	insn_enc_i(OP_SW, REG_a0, REG_t0, 0),		/* 3: sw a0, 0(t0)  } */ \
	ADDI(REG_t0, REG_t0, 4),			/* 4: addi t0, t0, 4 } triple */ \
	BNE(REG_t0, REG_t1, -2),			/* 5: bne -> 3       } */ \
	ADDI(REG_t0, REG_zero, FX_KDATA),		/* 6 */ \
	insn_enc_i(OP_LBU, REG_a1, REG_t0, 0),		/* 7: lbu a1, 0(t0)  } pair */ \
	ADDI(REG_t0, REG_t0, 4),			/* 8: addi t0, t0, 4 } */ \
	insn_enc_r(OP_ADD, REG_a2, REG_a2, REG_a1),	/* 9: add a2, a2, a1 } pair */ \
	insn_enc_i(OP_BLTU, REG_t0, REG_t1, 0xFFFD),	/* 10: bltu -> 7     } */ \
	HALT,						/* 11 */ \
}

struct snap {
	uint32_t r[REG_COUNT], pc, data[8];
	uint64_t instret;
};

static void snapshot(struct fx *f, struct snap *s)
{
	memset(s, 0, sizeof *s);	/* the padding too: snaps are compared as bytes */
	for (unsigned i = 0; i < REG_COUNT; i++)
		s->r[i] = cpu_reg(f->m, i);
	s->pc = cpu_pc(f->m);
	s->instret = cpu_instret(f->m);
	for (unsigned i = 0; i < 8; i++)
		s->data[i] = fx_get32(f, FX_KDATA + 4 * i);
}

/* cpu_run(k) ends in the state of k single steps, for every k up to the
 * halt: a budget that runs out inside a group stops inside it. */
static void test_groups_match_steps(void **state)
{
	struct fx *f = *state;
	const uint32_t loop_prog[] = LOOP_PROG;
	const unsigned total = 3 + 8 * 3 + 1 + 8 * 4;	/* instructions before the halt */
	for (unsigned k = 1; k <= total; k++) {
		struct snap run, step;
		fx_restart(f);
		fx_kernel(f, loop_prog, N_ELEMS(loop_prog));
		assert_int_equal(cpu_run(f->m, k), CPU_STOP_BUDGET);
		snapshot(f, &run);
		fx_restart(f);
		fx_kernel(f, loop_prog, N_ELEMS(loop_prog));
		for (unsigned i = 0; i < k; i++)
			assert_int_equal(cpu_step(f->m), CPU_STOP_BUDGET);
		snapshot(f, &step);
		assert_int_equal(run.instret, k);
		assert_memory_equal(&run, &step, sizeof run);
	}
	fx_restart(f);
	fx_kernel(f, loop_prog, N_ELEMS(loop_prog));
	assert_int_equal(cpu_run(f->m, 1000), CPU_STOP_HALT);
	assert_int_equal(cpu_instret(f->m), total + 1);
	assert_int_equal(cpu_reg(f->m, REG_a2), 8 * 7);
}

/* The first instruction of a group stores into the group's second one:
 * the new instruction runs, not the decoded old one. */
static void test_group_sees_store_into_member(void **state)
{
	struct fx *f = *state;
	const uint32_t add100 = ADDI(REG_a0, REG_a0, 100);
	const uint32_t prog[] = {
		ADDI(REG_t0, REG_zero, FX_KCODE + 4 * 5),	/* 0: t0 = &word 5 */
		insn_enc_i(OP_LW, REG_a3, REG_zero, FX_KDATA),	/* 1: a3 = addi a0, a0, 100 */
		ADDI(REG_a2, REG_zero, 100),			/* 2 */
		ADDI(REG_a0, REG_zero, 0),			/* 3 */
		insn_enc_i(OP_SW, REG_a3, REG_t0, 0),		/* 4: sw a3, 0(t0)  } triple */
		ADDI(REG_a0, REG_a0, 1),			/* 5: replaced      } */
		BNE(REG_a0, REG_a2, -2),			/* 6: a0 != 100: -> 4 } */
		HALT,						/* 7 */
	};
	for (int pass = 0; pass < 2; pass++) {	/* pass 1: the group is decoded already */
		fx_restart(f);
		fx_put32(f, FX_KDATA, add100);
		fx_kernel(f, prog, N_ELEMS(prog));
		if (pass) {
			fx_put32(f, FX_KDATA, ADDI(REG_a0, REG_a0, 1));
			assert_int_equal(cpu_run(f->m, 6), CPU_STOP_BUDGET);	/* decodes 4..6 */
			fx_put32(f, FX_KDATA, add100);
			fx_kernel(f, prog, N_ELEMS(prog));	/* same words: entries stay */
			fx_put32(f, FX_KCODE + 4 * 5, ADDI(REG_a0, REG_a0, 1));
			cpu_set_reg(f->m, REG_a3, 0);
		}
		assert_int_equal(cpu_run(f->m, 100), CPU_STOP_HALT);
		assert_int_equal(cpu_reg(f->m, REG_a0), 100);
	}
}

/* A window of 18 bytes: four whole words and half of one.  Straight-line
 * code runs off its end into a protection fault at 16.  Loads and stores
 * of the bytes of a last half word reach RAM; a word there is out of
 * bounds. */
static void test_partial_last_word(void **state)
{
	struct fx *f = *state;
	const uint32_t bound = 18;
	const uint32_t straight[] = { NOP, NOP, NOP, NOP, ADDI(REG_a0, REG_zero, 5) };
	fx_user_at(f, FX_UBASE, bound, straight, N_ELEMS(straight));
	fx_steps(f, 4);
	fx_expect_trap(f, -1, TRAP_PROTECTION, 16, 16);
	fx_restart(f);
	fx_user_at(f, FX_UBASE, bound, straight, N_ELEMS(straight));
	assert_int_equal(cpu_run(f->m, 100), CPU_STOP_HALT);	/* the handler halts */
	assert_int_equal(cpu_cr(f->m, CR_CAUSE), TRAP_PROTECTION);
	assert_int_equal(cpu_cr(f->m, CR_FADDR), 16);
	assert_int_equal(cpu_reg(f->m, REG_a0), 0);

	/* The same with 34 bytes: the code in the first words, the half word
	 * at 32. */
	const uint32_t access[] = {
		ADDI(REG_a1, REG_zero, 0x5A),
		insn_enc_i(OP_SB, REG_a1, REG_zero, 33),	/* byte 33 = 0x5A */
		insn_enc_i(OP_LHU, REG_a2, REG_zero, 32),	/* a2 = 0x5A00 | byte 32 */
		insn_enc_i(OP_LB, REG_a3, REG_zero, 33),
		insn_enc_i(OP_LW, REG_a0, REG_zero, 32),	/* out of bounds */
	};
	fx_restart(f);
	fx_put32(f, FX_UBASE + 32, 0xFFFF0011);
	fx_user_at(f, FX_UBASE, 34, access, N_ELEMS(access));
	fx_steps(f, 4);
	assert_int_equal(cpu_reg(f->m, REG_a2), 0x5A11);
	assert_int_equal(cpu_reg(f->m, REG_a3), 0x5A);
	assert_int_equal(fx_get32(f, FX_UBASE + 32), 0xFFFF5A11);
	fx_expect_trap(f, OP_LW, TRAP_PROTECTION, 16, 32);
}

/* A breakpoint stops cpu_run before its instruction, in either mode, and
 * cpu_step runs it; clearing it lets the machine run through. */
static void test_breakpoint_stops_and_steps(void **state)
{
	struct fx *f = *state;
	const uint32_t prog[] = {
		ADDI(REG_a0, REG_zero, 1), ADDI(REG_a0, REG_a0, 1),
		ADDI(REG_a0, REG_a0, 1), ADDI(REG_a0, REG_a0, 1), HALT,
	};
	for (int user = 0; user <= 1; user++) {
		fx_restart(f);
		fx_load(f, user, prog, N_ELEMS(prog));
		uint32_t at = (user ? FX_UBASE : FX_KCODE) + 8;
		assert_true(cpu_set_breakpoints(f->m, &at, 1));
		assert_int_equal(cpu_run(f->m, 100), CPU_STOP_BREAKPOINT);
		assert_int_equal(cpu_pc(f->m), at - (user ? FX_UBASE : 0));
		assert_int_equal(cpu_reg(f->m, REG_a0), 2);
		assert_int_equal(cpu_instret(f->m), 2);
		assert_int_equal(cpu_run(f->m, 100), CPU_STOP_BREAKPOINT);	/* still there */
		assert_int_equal(cpu_instret(f->m), 2);
		assert_int_equal(cpu_step(f->m), CPU_STOP_BUDGET);
		assert_int_equal(cpu_reg(f->m, REG_a0), 3);
		assert_true(cpu_set_breakpoints(f->m, NULL, 0));
		assert_int_equal(cpu_run(f->m, 100), CPU_STOP_HALT);
		assert_int_equal(cpu_reg(f->m, REG_a0), 4);
	}
	uint32_t bad[] = { FX_KCODE + 2 };
	assert_false(cpu_set_breakpoints(f->m, bad, 1));
	bad[0] = FX_MEM;
	assert_false(cpu_set_breakpoints(f->m, bad, 1));
}

/* A breakpoint on the second instruction of a fused group stops there on
 * every pass, even when the group was decoded before it was set. */
static void test_breakpoint_inside_group(void **state)
{
	struct fx *f = *state;
	const uint32_t loop_prog[] = LOOP_PROG;
	fx_kernel(f, loop_prog, N_ELEMS(loop_prog));
	assert_int_equal(cpu_run(f->m, 6), CPU_STOP_BUDGET);	/* the triple at 3 is decoded */
	uint32_t at = FX_KCODE + 4 * 4;				/* its addi */
	assert_true(cpu_set_breakpoints(f->m, &at, 1));
	for (unsigned pass = 1; pass < 8; pass++) {
		assert_int_equal(cpu_run(f->m, 1000), CPU_STOP_BREAKPOINT);
		assert_int_equal(cpu_pc(f->m), at);
		assert_int_equal(cpu_reg(f->m, REG_t0), FX_KDATA + 4 * pass);
		assert_int_equal(cpu_step(f->m), CPU_STOP_BUDGET);
	}
	assert_true(cpu_set_breakpoints(f->m, NULL, 0));
	assert_int_equal(cpu_run(f->m, 1000), CPU_STOP_HALT);
	assert_int_equal(cpu_reg(f->m, REG_a2), 8 * 7);
}

/* Forgetting the word just after a three-instruction group must not lose
 * the fields of its middle member, which heads a pair of its own (found by
 * the review's differential fuzzing): here a store rewrites that word with
 * itself on every pass of an outer loop.  cpu_run must end where steps end. */
static void test_group_survives_forget_after_it(void **state)
{
	struct fx *f = *state;
	const uint32_t store = insn_enc_i(OP_SW, REG_a3, REG_zero, FX_KCODE + 16);
	const uint32_t prog[] = {
		ADDI(REG_a0, REG_zero, 3),			/* 0 */
		insn_enc_i(OP_LW, REG_a2, REG_zero, FX_KDATA),	/* 1: lw   } triple; 2-3 a pair */
		ADDI(REG_a0, REG_a0, -1),			/* 2: addi } */
		BNE(REG_a0, REG_zero, -2),			/* 3: bne  } */
		store,						/* 4: sw a3 -> word 4 itself */
		ADDI(REG_a1, REG_a1, 1),			/* 5 */
		BNE(REG_a1, REG_t1, -6),			/* 6: three times -> 0 */
		HALT,						/* 7 */
	};
	struct snap run, step;
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a3, store);
	cpu_set_reg(f->m, REG_t1, 3);
	assert_int_equal(cpu_run(f->m, 1000), CPU_STOP_HALT);
	snapshot(f, &run);
	fx_restart(f);
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a3, store);
	cpu_set_reg(f->m, REG_t1, 3);
	while (cpu_step(f->m) == CPU_STOP_BUDGET)
		;
	snapshot(f, &step);
	assert_int_equal(run.r[REG_a1], 3);
	assert_memory_equal(&run, &step, sizeof run);

	/* The same loop ending on the window's last whole word: the fence
	 * after it is planted at every block. */
	const uint32_t user[] = {
		ADDI(REG_a0, REG_zero, 100), ADDI(REG_a3, REG_zero, 0),
		insn_enc_i(OP_LW, REG_a2, REG_a3, 0), ADDI(REG_a0, REG_a0, -1), BNE(REG_a0, REG_zero, -2),
	};
	for (unsigned chunk = 1; chunk <= 4; chunk++) {
		fx_restart(f);
		fx_user_at(f, FX_UBASE, 20, user, N_ELEMS(user));
		for (unsigned k = 0; k < chunk; k++)
			assert_int_equal(cpu_run(f->m, 20), CPU_STOP_BUDGET);
		snapshot(f, &run);
		fx_restart(f);
		fx_user_at(f, FX_UBASE, 20, user, N_ELEMS(user));
		for (unsigned k = 0; k < 20 * chunk; k++)
			assert_int_equal(cpu_step(f->m), CPU_STOP_BUDGET);
		snapshot(f, &step);
		assert_memory_equal(&run, &step, sizeof run);
	}
}

/* A group whose middle member heads a pair, at the end of the window: the
 * fence planted at every later block turns that pair back into a plain
 * instruction, and a store into it afterwards must still forget the group
 * (found by differential fuzzing: the group ran the old instruction). */
static void test_store_into_unfused_member(void **state)
{
	struct fx *f = *state;
	const uint32_t jal3 = insn_enc_j(OP_JAL, REG_zero, 3);
	const uint32_t prog[] = {
		jal3,						/* 0: -> 3 */
		insn_enc_i(OP_SW, REG_a3, REG_zero, 16),	/* 1: word 4 = a3 */
		insn_enc_j(OP_JAL, REG_zero, 1),		/* 2: -> 3 */
		insn_enc_i(OP_LBU, REG_a0, REG_zero, 0),	/* 3: lbu  } triple */
		ADDI(REG_a1, REG_a1, 1),			/* 4: addi } and a pair with 5 */
		BNE(REG_a1, REG_t1, -4),			/* 5: bne  } -> 1 */
	};
	struct snap run, step;
	for (int mode = 0; mode < 2; mode++) {
		fx_restart(f);
		fx_user_at(f, FX_UBASE, sizeof prog, prog, N_ELEMS(prog));
		cpu_set_reg(f->m, REG_a3, ADDI(REG_a1, REG_a1, 50));
		cpu_set_reg(f->m, REG_t1, 51);
		if (mode == 0) {
			assert_int_equal(cpu_run(f->m, 4), CPU_STOP_BUDGET);	/* one pass, decoded */
			assert_int_equal(cpu_run(f->m, 40), CPU_STOP_HALT);	/* a new block */
		} else {
			while (cpu_step(f->m) == CPU_STOP_BUDGET)
				;
		}
		snapshot(f, mode ? &step : &run);
	}
	assert_int_equal(run.r[REG_a1], 51);
	assert_memory_equal(&run, &step, sizeof run);
}

/* A budget of 2^63 or more is "no limit", not a negative count. */
static void test_huge_budget(void **state)
{
	struct fx *f = *state;
	const uint32_t prog[] = { ADDI(REG_a0, REG_zero, 1), ADDI(REG_a0, REG_a0, 1), HALT };
	fx_kernel(f, prog, N_ELEMS(prog));
	assert_int_equal(cpu_run(f->m, UINT64_MAX), CPU_STOP_HALT);
	assert_int_equal(cpu_instret(f->m), 3);
	fx_restart(f);
	fx_kernel(f, prog, N_ELEMS(prog));
	assert_int_equal(cpu_run(f->m, 1ull << 63), CPU_STOP_HALT);
	assert_int_equal(cpu_reg(f->m, REG_a0), 2);
}

int cpu_tests_interp(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_groups_match_steps),
		FX_TEST(test_group_sees_store_into_member),
		FX_TEST(test_partial_last_word),
		FX_TEST(test_breakpoint_stops_and_steps),
		FX_TEST(test_breakpoint_inside_group),
		FX_TEST(test_group_survives_forget_after_it),
		FX_TEST(test_store_into_unfused_member),
		FX_TEST(test_huge_budget),
	};
	return cmocka_run_group_tests_name("interp", tests, NULL, NULL);
}
