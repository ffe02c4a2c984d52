/*
 * test_trap.c - modes, trap entry and return-from-trap, the instructions
 * that enter or leave the kernel or touch control registers (trap, break,
 * iret, mfcr, mtcr, halt), illegal and privileged words, double faults,
 * INSTRET, cpu_step, the hook, and determinism.
 */
#include <string.h>

#include "cpu_fixture.h"

static void put_frame(struct fx *f, uint32_t sp, uint32_t pc, uint32_t status, uint32_t old_sp)
{
	fx_put32(f, sp + FRAME_PC, pc);
	fx_put32(f, sp + FRAME_STATUS, status);
	fx_put32(f, sp + FRAME_SP, old_sp);
	fx_put32(f, sp + FRAME_CAUSE, TRAP_SYSCALL);
}

/* ---- trap, break: entry from either mode ------------------------------ */

/* trap and break enter the kernel with SYSCALL / BREAKPOINT pushing pc + 4
 * and FADDR 0, and retire.  From user mode the sp switches to KSP and the
 * frame keeps the user sp; from kernel mode the frame goes below the current
 * sp.  PUM/PIE record the old UM/IE, for IE on and off. */
static void test_trap_and_break_entry(void **state)
{
	struct fx *f = *state;
	static const struct {
		uint8_t op, cause;
	} insns[] = { { OP_TRAP, TRAP_SYSCALL }, { OP_BREAK, TRAP_BREAKPOINT } };
	COVERS(TRAP);
	COVERS(BREAK);
	for (unsigned i = 0; i < N_ELEMS(insns); i++) {
		for (unsigned mode = 0; mode < 4; mode++) {
			bool user = mode & 1, ie = mode & 2;
			uint32_t prog[] = {
				insn_enc_i(OP_ADDI, REG_t0, REG_zero, 7),	/* 0: addi t0, zero, 7 */
				insn_enc_n(insns[i].op),			/* 4: trap / break */
			};
			fx_load(f, user, prog, N_ELEMS(prog));
			uint32_t status = (user ? STATUS_UM : 0) | (ie ? STATUS_IE : 0);
			cpu_set_cr(f->m, CR_STATUS, status);
			fx_steps(f, 1);
			uint32_t pc = cpu_pc(f->m), sp = cpu_reg(f->m, REG_sp);
			fx_expect_trap(f, insns[i].op, insns[i].cause, pc + 4, 0);
			/* the same facts, spelled out */
			uint32_t new_sp = (user ? FX_KSP : FX_KSP_KERNEL) - FRAME_BYTES;
			assert_int_equal(cpu_reg(f->m, REG_sp), new_sp);
			assert_int_equal(fx_get32(f, new_sp + FRAME_SP), sp);
			assert_int_equal(cpu_cr(f->m, CR_STATUS),
					 (user ? STATUS_PUM : 0) | (ie ? STATUS_PIE : 0));
			assert_int_equal(cpu_pc(f->m), FX_HANDLER(insns[i].cause));
			assert_int_equal(cpu_reg(f->m, REG_t0), 7);
		}
	}
}

/* ---- iret ---------------------------------------------------------------- */

/* iret loads pc, STATUS and sp from the frame at sp in one step: into user
 * mode with the user's sp, or back into kernel mode; it retires, leaves the
 * other registers, KSP and memory alone, and is reported as CPU_EV_IRET. */
static void test_iret_restores(void **state)
{
	struct fx *f = *state;
	COVERS(IRET);
	uint32_t prog[] = { IRET };					/* iret */
	static const uint32_t statuses[] = {
		STATUS_UM | STATUS_IE, STATUS_UM, STATUS_IE | STATUS_PIE, 0,
	};
	for (unsigned i = 0; i < N_ELEMS(statuses); i++) {
		fx_kernel(f, prog, N_ELEMS(prog));
		cpu_set_cr(f->m, CR_STATUS, STATUS_PUM | STATUS_PIE);
		cpu_set_reg(f->m, REG_sp, 0x7000);
		cpu_set_reg(f->m, REG_s2, 0x13579BDF);
		put_frame(f, 0x7000, 0x40, statuses[i], 0x1EF0);
		uint64_t ret = cpu_instret(f->m);
		struct cpu_stats st = *cpu_stats(f->m);
		unsigned from = f->nev;
		fx_steps(f, 1);
		assert_int_equal(cpu_pc(f->m), 0x40);
		assert_int_equal(cpu_cr(f->m, CR_STATUS), statuses[i]);
		assert_int_equal(cpu_user_mode(f->m), (statuses[i] & STATUS_UM) != 0);
		assert_int_equal(cpu_reg(f->m, REG_sp), 0x1EF0);
		assert_int_equal(cpu_reg(f->m, REG_s2), 0x13579BDF);
		assert_int_equal(cpu_cr(f->m, CR_KSP), FX_KSP);
		assert_int_equal(fx_get32(f, 0x7000 + FRAME_PC), 0x40);
		assert_int_equal(cpu_instret(f->m), ret + 1);
		const struct cpu_event *ev = NULL;
		assert_int_equal(fx_count(f, from, CPU_EV_IRET, &ev), 1);
		assert_int_equal(ev->pc, 0x40);
		assert_int_equal(ev->status_before, STATUS_PUM | STATUS_PIE);
		assert_int_equal(ev->status_after, statuses[i]);
		const struct cpu_stats *now = cpu_stats(f->m);
		assert_int_equal(now->irets, st.irets + 1);
		assert_int_equal(now->to_user, st.to_user + ((statuses[i] & STATUS_UM) ? 1 : 0));
	}
}

/* iret to a user pc outside the bound succeeds; the fetch there then faults
 * with PROTECTION at that pc (the fault is on arrival, at the target). */
static void test_iret_to_wild_pc(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { IRET };					/* iret */
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_BASE, FX_UBASE);
	cpu_set_cr(f->m, CR_BOUND, FX_UBOUND);
	put_frame(f, FX_KSP_KERNEL, 0x3000, STATUS_UM | STATUS_IE, FX_USP);
	fx_steps(f, 1);
	assert_int_equal(cpu_pc(f->m), 0x3000);
	fx_expect_trap(f, -1, TRAP_PROTECTION, 0x3000, 0x3000);
}

/* iret keeps only the STATUS bits that exist (STATUS_MASK). */
static void test_iret_masks_status(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { IRET };					/* iret */
	fx_kernel(f, prog, N_ELEMS(prog));
	put_frame(f, FX_KSP_KERNEL, 0x40, 0xFFFFFFF0u | STATUS_UM | STATUS_IE, FX_USP);
	fx_steps(f, 1);
	assert_int_equal(cpu_cr(f->m, CR_STATUS), STATUS_UM | STATUS_IE);
}

/* iret faults and changes nothing: a frame running past RAM is BUS with
 * FADDR = sp; a frame pc that is not a multiple of 4 is MISALIGNED with
 * FADDR = that pc.  An sp that is misaligned or wholly outside RAM makes the
 * iret fault and then the trap entry on that same sp fail: double fault. */
static void test_iret_faults(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { NOP, IRET };				/* nop; iret */
	fx_kernel(f, prog, N_ELEMS(prog));
	put_frame(f, FX_KSP_KERNEL, 0x42, STATUS_UM | STATUS_IE, FX_USP);
	fx_steps(f, 1);
	fx_expect_trap(f, OP_IRET, TRAP_MISALIGNED, FX_KCODE + 4, 0x42);

	/* the frame is FRAME_BYTES: sp + 16 past RAM is BUS, even where the
	 * words iret uses would fit */
	static const uint32_t short_sp[] = { FX_MEM - 8, FX_MEM - 12 };
	for (unsigned i = 0; i < N_ELEMS(short_sp); i++) {
		fx_kernel(f, prog, N_ELEMS(prog));
		cpu_set_reg(f->m, REG_sp, short_sp[i]);
		fx_put32(f, short_sp[i], 0x40);
		fx_put32(f, short_sp[i] + 4, STATUS_UM);
		fx_steps(f, 1);
		fx_expect_trap(f, OP_IRET, TRAP_BUS, FX_KCODE + 4, short_sp[i]);
	}
	/* a frame in the last 16 bytes of RAM is fine */
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_sp, FX_MEM - FRAME_BYTES);
	put_frame(f, FX_MEM - FRAME_BYTES, FX_KCODE, STATUS_PIE, 0x7770);
	fx_steps(f, 2);
	assert_int_equal(cpu_pc(f->m), FX_KCODE);
	assert_int_equal(cpu_reg(f->m, REG_sp), 0x7770);
	assert_int_equal(cpu_cr(f->m, CR_STATUS), STATUS_PIE);

	static const struct {
		uint32_t sp;
		unsigned cause;
	} df[] = { { 0x7002, TRAP_MISALIGNED }, { FX_MEM + 0x100, TRAP_BUS } };
	for (unsigned i = 0; i < N_ELEMS(df); i++) {
		fx_restart(f);
		fx_kernel(f, prog, N_ELEMS(prog));
		cpu_set_reg(f->m, REG_sp, df[i].sp);
		fx_steps(f, 1);
		unsigned from = f->nev;
		assert_int_equal(cpu_step(f->m), CPU_STOP_DOUBLE_FAULT);
		const struct cpu_event *ev = NULL;
		assert_int_equal(fx_count(f, from, CPU_EV_DOUBLE_FAULT, &ev), 1);
		assert_int_equal(ev->cause, df[i].cause);
		fx_assert_diagnostic(f);
	}
}

/* A whole round trip: user code traps, the handler changes a0 and irets,
 * and the user continues after the trap in user mode with its own sp and
 * status, in exactly 5 instructions. */
static void test_round_trip(void **state)
{
	struct fx *f = *state;
	uint32_t handler[] = {
		insn_enc_i(OP_ADDI, REG_a0, REG_a0, 10),	/* addi a0, a0, 10 */
		IRET,						/* iret */
	};
	fx_put(f, FX_HANDLER(TRAP_SYSCALL), handler, N_ELEMS(handler));
	uint32_t prog[] = {
		insn_enc_i(OP_ADDI, REG_a0, REG_zero, 5),	/* 0: addi a0, zero, 5 */
		insn_enc_n(OP_TRAP),				/* 4: trap */
		insn_enc_i(OP_ADDI, REG_a0, REG_a0, 1),		/* 8: addi a0, a0, 1 */
		insn_enc_j(OP_JAL, REG_zero, 0),		/* 12: jal zero, 12 */
	};
	fx_user(f, prog, N_ELEMS(prog));
	assert_int_equal(cpu_run(f->m, 5), CPU_STOP_BUDGET);
	assert_int_equal(cpu_reg(f->m, REG_a0), 16);
	assert_int_equal(cpu_pc(f->m), 12);
	assert_true(cpu_user_mode(f->m));
	assert_int_equal(cpu_cr(f->m, CR_STATUS), STATUS_UM | STATUS_IE);
	assert_int_equal(cpu_reg(f->m, REG_sp), FX_USP);
	assert_int_equal(cpu_instret(f->m), 5);
	assert_int_equal(fx_count(f, 0, CPU_EV_TRAP, NULL), 1);
	assert_int_equal(fx_count(f, 0, CPU_EV_IRET, NULL), 1);
	assert_int_equal(cpu_stats(f->m)->to_kernel, 1);
	assert_int_equal(cpu_stats(f->m)->to_user, 1);
}

/* Traps nest: a syscall handler that enables interrupts is interrupted by
 * the timer, whose frame goes right below the syscall's on the kernel stack;
 * the two irets unwind back to the handler, then to the user, exactly. */
static void test_nested_traps(void **state)
{
	struct fx *f = *state;
	uint32_t sys[] = {
		insn_enc_i(OP_MTCR, 0, REG_s1, CR_STATUS),	/* +0: mtcr status, s1 */
		NOP,						/* +4: nop */
		IRET,						/* +8: iret */
	};
	fx_put(f, FX_HANDLER(TRAP_SYSCALL), sys, N_ELEMS(sys));
	fx_put32(f, FX_HANDLER(TRAP_TIMER), IRET);		/* iret */
	uint32_t prog[] = { insn_enc_n(OP_TRAP), NOP };	/* 0: trap; 4: nop */
	fx_user(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_s1, STATUS_IE);
	cpu_set_cr(f->m, CR_TIMER, 3);
	fx_expect_trap(f, OP_TRAP, TRAP_SYSCALL, 4, 0);
	fx_steps(f, 2);
	fx_expect_trap(f, -1, TRAP_TIMER, FX_HANDLER(TRAP_SYSCALL) + 8, 0);
	assert_int_equal(cpu_reg(f->m, REG_sp), FX_KSP - 2 * FRAME_BYTES);
	fx_steps(f, 1);
	assert_int_equal(cpu_pc(f->m), FX_HANDLER(TRAP_SYSCALL) + 8);
	assert_int_equal(cpu_reg(f->m, REG_sp), FX_KSP - FRAME_BYTES);
	assert_int_equal(cpu_cr(f->m, CR_STATUS), STATUS_IE);
	fx_steps(f, 1);
	assert_int_equal(cpu_pc(f->m), 4);
	assert_int_equal(cpu_reg(f->m, REG_sp), FX_USP);
	assert_int_equal(cpu_cr(f->m, CR_STATUS), STATUS_UM | STATUS_IE);
	assert_int_equal(cpu_stats(f->m)->to_kernel, 1);
	assert_int_equal(cpu_stats(f->m)->to_user, 1);
	assert_int_equal(cpu_stats(f->m)->irets, 2);
}

/* ---- Every cause: its pushed pc per causes.def ------------------------- */

/* For every row of causes.def, a user-mode scenario raises that cause at
 * virtual pc 4 and the frame holds pc 4 (THIS, and interrupts, whose "next"
 * instruction is the one at 4) or 8 (NEXT after trap/break); FADDR follows
 * the spec.  A new cause without a scenario here fails. */
static void test_pushed_pc_per_cause(void **state)
{
	struct fx *f = *state;
	for (unsigned c = 0; c < TRAP_COUNT; c++) {
		uint32_t w = NOP;
		uint32_t base = FX_UBASE, faddr = 4;
		int op = -1;
		const char *input = NULL;
		switch (c) {
		case TRAP_ILLEGAL:
			w = 0;					/* .word 0 */
			op = 0;
			break;
		case TRAP_PRIVILEGED:
			w = HALT;				/* halt */
			op = OP_HALT;
			break;
		case TRAP_PROTECTION:
			w = insn_enc_i(OP_LW, REG_a0, REG_a1, 0);	/* lw a0, 0(a1) */
			op = OP_LW;
			faddr = FX_UBOUND;
			break;
		case TRAP_MISALIGNED:
			w = insn_enc_i(OP_SW, REG_a0, REG_a1, 2);	/* sw a0, 2(a1) */
			op = OP_SW;
			faddr = FX_UBOUND + 2;
			break;
		case TRAP_DIVZERO:
			w = insn_enc_r(OP_REM, REG_a0, REG_a1, REG_zero);	/* rem a0, a1, zero */
			op = OP_REM;
			break;
		case TRAP_BUS:
			base = FX_MEM - 0x1000;
			w = insn_enc_i(OP_LB, REG_a0, REG_a1, 0xF000);	/* lb a0, -0x1000(a1) */
			op = OP_LB;
			faddr = FX_UBOUND - 0x1000;
			break;
		case TRAP_BREAKPOINT:
			w = insn_enc_n(OP_BREAK);		/* break */
			op = OP_BREAK;
			faddr = 0;
			break;
		case TRAP_SYSCALL:
			w = insn_enc_n(OP_TRAP);		/* trap */
			op = OP_TRAP;
			faddr = 0;
			break;
		case TRAP_TIMER:
			faddr = 0;
			break;
		case TRAP_CONSOLE:
			input = "k";
			faddr = 0;
			break;
		default:
			fail_msg("no scenario for cause %u (%s): add one", c, isa_causes[c].name);
		}
		uint32_t prog[] = { NOP, w };			/* 0: nop; 4: (the word) */
		fx_user_at(f, base, FX_UBOUND, prog, N_ELEMS(prog));
		cpu_set_reg(f->m, REG_a1, FX_UBOUND);
		fx_steps(f, 1);
		if (c == TRAP_TIMER)
			cpu_raise(f->m, TRAP_TIMER);
		if (input) {
			fx_input(f, input, 1, CPU_IN_NONE);
			cpu_console_poll(f->m);
		}
		bool next = isa_causes[c].pushed == PUSH_NEXT && isa_causes[c].kind == CAUSE_TRAP;
		fx_expect_trap(f, op, c, next ? 8 : 4, faddr);
		if (isa_causes[c].kind == CAUSE_INTR)
			assert_int_equal(isa_causes[c].pushed, PUSH_NEXT);
		else
			assert_int_equal(isa_causes[c].pushed, isa_causes[c].kind == CAUSE_TRAP ? PUSH_NEXT : PUSH_THIS);
	}
}

/* ---- Double faults ------------------------------------------------------ */

/* Trap entry that cannot be done stops the machine with a double fault, a
 * one-line diagnostic and a CPU_EV_DOUBLE_FAULT event: bad KSP (misaligned,
 * past RAM, frame straddling the end, wrapping below 0), bad kernel sp, a
 * vector entry outside RAM, a handler address misaligned or outside RAM.
 * The edge rows that are just valid (frame at the very top or bottom of RAM,
 * handler in the last word) enter normally. */
static void test_double_faults(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *what;
		bool user;
		uint32_t sp;		/* KSP from user mode, sp in kernel mode */
		uint32_t ivec, handler;
		bool df;
	} rows[] = {
		{ "KSP misaligned", true, FX_KSP + 2, FX_IVEC, FX_HANDLER(7), true },
		{ "KSP past RAM", true, FX_MEM + 0x100, FX_IVEC, FX_HANDLER(7), true },
		{ "frame straddles RAM end", true, FX_MEM + 8, FX_IVEC, FX_HANDLER(7), true },
		{ "KSP 8: frame wraps below 0", true, 8, FX_IVEC, FX_HANDLER(7), true },
		{ "KSP 0", true, 0, FX_IVEC, FX_HANDLER(7), true },
		{ "frame at the top of RAM", true, FX_MEM, FX_IVEC, FX_HANDLER(7), false },
		{ "frame at address 0", true, FRAME_BYTES, FX_IVEC, FX_HANDLER(7), false },
		{ "kernel sp misaligned", false, FX_KSP_KERNEL + 1, FX_IVEC, FX_HANDLER(7), true },
		{ "kernel sp 0", false, 0, FX_IVEC, FX_HANDLER(7), true },
		{ "vector entry past RAM", true, FX_KSP, FX_MEM - 16, FX_HANDLER(7), true },
		{ "vector at the devices", true, FX_KSP, DEV_BASE, FX_HANDLER(7), true },
		{ "handler misaligned", true, FX_KSP, FX_IVEC, FX_KCODE + 2, true },
		{ "handler past RAM", true, FX_KSP, FX_IVEC, FX_MEM, true },
		{ "handler at devices", false, FX_KSP_KERNEL, FX_IVEC, DEV_BASE, true },
		{ "handler in the last word", true, FX_KSP, FX_IVEC, FX_MEM - 4, false },
	};
	uint32_t prog[] = { insn_enc_n(OP_TRAP) };		/* trap */
	for (unsigned i = 0; i < N_ELEMS(rows); i++) {
		print_message("double fault row: %s\n", rows[i].what);
		for (int run = 0; run <= 1; run++) {
			fx_restart(f);
			fx_load(f, rows[i].user, prog, N_ELEMS(prog));
			if (rows[i].user)
				cpu_set_cr(f->m, CR_KSP, rows[i].sp);
			else
				cpu_set_reg(f->m, REG_sp, rows[i].sp);
			cpu_set_cr(f->m, CR_IVEC, rows[i].ivec);
			fx_put32(f, FX_IVEC + 4 * TRAP_SYSCALL, rows[i].handler);
			if (!rows[i].df) {
				fx_expect_trap(f, OP_TRAP, TRAP_SYSCALL, 4, 0);
				break;
			}
			if (run) {	/* the same through cpu_run */
				assert_int_equal(cpu_run(f->m, 10), CPU_STOP_DOUBLE_FAULT);
				fx_assert_diagnostic(f);
				continue;
			}
			assert_int_equal(cpu_step(f->m), CPU_STOP_DOUBLE_FAULT);
			const struct cpu_event *ev = NULL;
			assert_int_equal(fx_count(f, 0, CPU_EV_DOUBLE_FAULT, &ev), 1);
			assert_int_equal(ev->cause, TRAP_SYSCALL);
			assert_int_equal(fx_count(f, 0, CPU_EV_TRAP, NULL), 0);
			fx_assert_diagnostic(f);
		}
	}
}

/* An interrupt whose entry cannot be done (from user mode with KSP past
 * RAM) is a double fault too, naming the interrupt's cause. */
static void test_double_fault_on_interrupt(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { NOP, NOP };
	fx_user(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_KSP, FX_MEM + 64);
	cpu_set_cr(f->m, CR_TIMER, 1);
	assert_int_equal(cpu_run(f->m, 10), CPU_STOP_DOUBLE_FAULT);
	const struct cpu_event *ev = NULL;
	assert_int_equal(fx_count(f, 0, CPU_EV_DOUBLE_FAULT, &ev), 1);
	assert_int_equal(ev->cause, TRAP_TIMER);
	assert_int_equal(cpu_instret(f->m), 1);
	fx_assert_diagnostic(f);
}

/* CR_IVEC drops its low two bits, by mtcr and by the host door, and trap
 * entry reads the vector from the aligned address. */
static void test_ivec_low_bits(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_MTCR, 0, REG_a1, CR_IVEC),	/* mtcr ivec, a1 */
		insn_enc_n(OP_TRAP),				/* trap */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_IVEC, FX_IVEC | 3);
	assert_int_equal(cpu_cr(f->m, CR_IVEC), FX_IVEC);
	cpu_set_reg(f->m, REG_a1, FX_IVEC | 1);
	fx_steps(f, 1);
	assert_int_equal(cpu_cr(f->m, CR_IVEC), FX_IVEC);
	fx_expect_trap(f, OP_TRAP, TRAP_SYSCALL, FX_KCODE + 8, 0);
	assert_int_equal(cpu_pc(f->m), FX_HANDLER(TRAP_SYSCALL));
}

/* ---- Illegal and privileged words ---------------------------------------- */

/* A valid word for an instruction row, with registers a0/a1 and CR_SCRATCH. */
static uint32_t sample_word(const struct isa_insn *in)
{
	switch (in->form) {
	case FORM_R: return insn_enc_r(in->opcode, REG_a0, REG_a1, REG_a2);
	case FORM_LUI: return insn_enc_i(in->opcode, REG_a0, 0, 0x1234);
	case FORM_MFCR: return insn_enc_i(in->opcode, REG_a0, 0, CR_SCRATCH);
	case FORM_MTCR: return insn_enc_i(in->opcode, 0, REG_a1, CR_SCRATCH);
	case FORM_NONE: return insn_enc_n(in->opcode);
	case FORM_JAL: return insn_enc_j(in->opcode, REG_a0, 1);
	default: return insn_enc_i(in->opcode, REG_a0, REG_a1, 4);
	}
}

/* Words with a reserved bit set (per forms.def: R bits 20-31, LUI and MFCR
 * field b, MTCR field a, NONE bits 8-31, SH a shift amount above 31) raise
 * ILLEGAL with FADDR = pc, in kernel mode and in user mode (reserved bits are
 * checked before privilege), and change nothing. */
static void test_reserved_bits_illegal(void **state)
{
	struct fx *f = *state;
	for (unsigned i = 0; i < ISA_COUNT; i++) {
		const struct isa_insn *in = &isa_insns[i];
		uint32_t w = sample_word(in), bad[2];
		unsigned nbad = 0;
		switch (in->form) {
		case FORM_R:
			bad[nbad++] = w | 1u << 20;
			bad[nbad++] = w | 1u << 31;
			break;
		case FORM_LUI:
		case FORM_MFCR:
			bad[nbad++] = w | 1u << 12;
			bad[nbad++] = w | 0xFu << 12;
			break;
		case FORM_MTCR:
			bad[nbad++] = w | 1u << 8;
			bad[nbad++] = w | 0xFu << 8;
			break;
		case FORM_NONE:
			bad[nbad++] = w | 1u << 8;
			bad[nbad++] = w | 1u << 31;
			break;
		case FORM_SH:
			bad[nbad++] = insn_enc_i(in->opcode, REG_a0, REG_a1, 32);
			bad[nbad++] = insn_enc_i(in->opcode, REG_a0, REG_a1, 0xFFFF);
			break;
		default:
			continue;	/* no reserved bits */
		}
		assert_true(isa_valid(w));
		for (unsigned b = 0; b < nbad; b++) {
			assert_false(isa_valid(bad[b]));
			uint32_t prog[] = { NOP, bad[b] };
			for (int user = 0; user <= 1; user++) {
				fx_load(f, user, prog, N_ELEMS(prog));
				cpu_set_reg(f->m, REG_a0, 0x0BADC0DE);
				fx_steps(f, 1);
				uint32_t pc = cpu_pc(f->m);
				fx_expect_trap(f, in->opcode, TRAP_ILLEGAL, pc, pc);
			}
		}
	}
}

/* Opcode 0 (zeroed memory) and every opcode that is not a row of isa.def
 * raise ILLEGAL with FADDR = pc, in both modes. */
static void test_unassigned_opcodes_illegal(void **state)
{
	struct fx *f = *state;
	bool used[256] = { false };
	for (unsigned i = 0; i < ISA_COUNT; i++)
		used[isa_insns[i].opcode] = true;
	assert_false(used[0]);
	for (unsigned op = 0; op < 256; op++) {
		if (used[op])
			continue;
		uint32_t prog[] = { NOP, op | 0x00001100u };	/* opcode op, a = b = 1 */
		for (int user = 0; user <= 1; user++) {
			fx_load(f, user, prog, N_ELEMS(prog));
			fx_steps(f, 1);
			uint32_t pc = cpu_pc(f->m);
			fx_expect_trap(f, -1, TRAP_ILLEGAL, pc, pc);
		}
	}
	uint32_t zero = 0;						/* .word 0 */
	for (int user = 0; user <= 1; user++) {
		fx_load(f, user, &zero, 1);
		fx_expect_trap(f, -1, TRAP_ILLEGAL, cpu_pc(f->m), cpu_pc(f->m));
	}
}

/* Every privileged row (F_PRIV) raises PRIVILEGED in user mode with FADDR =
 * pc and does nothing (mtcr does not write, halt does not stop, iret does not
 * return, wfi does not wait).  Privilege is checked before the CR number. */
static void test_privileged_in_user(void **state)
{
	struct fx *f = *state;
	for (unsigned i = 0; i < ISA_COUNT; i++) {
		const struct isa_insn *in = &isa_insns[i];
		if (!(in->flags & F_PRIV))
			continue;
		uint32_t prog[] = { NOP, sample_word(in) };
		fx_user(f, prog, N_ELEMS(prog));
		cpu_set_reg(f->m, REG_a1, 0xFFFFFFFF);
		fx_steps(f, 1);
		fx_expect_trap(f, in->opcode, TRAP_PRIVILEGED, 4, 4);
		assert_int_equal(cpu_cr(f->m, CR_SCRATCH), 0);
	}
	uint32_t prog[] = { insn_enc_i(OP_MFCR, REG_a0, 0, 0xFFFF) };	/* mfcr a0, 0xFFFF */
	fx_user(f, prog, N_ELEMS(prog));
	fx_expect_trap(f, OP_MFCR, TRAP_PRIVILEGED, 0, 0);
}

/* ---- Control registers ---------------------------------------------------- */

/* mfcr reads each control register as it is before the mfcr (INSTRET: the
 * count before this instruction, TIMER: what is left, PENDING: the waiting
 * interrupts, IVEC with low bits 0), and writes rd only. */
static void test_mfcr_reads_each(void **state)
{
	struct fx *f = *state;
	COVERS(MFCR);
	for (unsigned cr = 0; cr < CR_COUNT; cr++) {
		uint32_t prog[] = {
			insn_enc_i(OP_MFCR, REG_a0, 0, cr),	/* mfcr a0, cr */
		};
		fx_kernel(f, prog, N_ELEMS(prog));
		cpu_set_cr(f->m, CR_STATUS, STATUS_PUM | STATUS_PIE);
		cpu_set_cr(f->m, CR_BASE, 0x11110000);
		cpu_set_cr(f->m, CR_BOUND, 0x22220000);
		cpu_set_cr(f->m, CR_KSP, 0x9000);
		cpu_set_cr(f->m, CR_CAUSE, 5);
		cpu_set_cr(f->m, CR_FADDR, 0xDEADBEEC);
		cpu_set_cr(f->m, CR_INSTRET, 0x12345678);
		cpu_set_cr(f->m, CR_INSTRETH, 9);
		cpu_set_cr(f->m, CR_TIMER, 1000);
		cpu_set_cr(f->m, CR_TPERIOD, 77);
		cpu_set_cr(f->m, CR_SCRATCH, 0xCAFEF00D);
		cpu_raise(f->m, TRAP_TIMER);
		static const uint32_t want[] = {
			[CR_STATUS] = STATUS_PUM | STATUS_PIE, [CR_BASE] = 0x11110000,
			[CR_BOUND] = 0x22220000, [CR_IVEC] = FX_IVEC, [CR_KSP] = 0x9000,
			[CR_CAUSE] = 5, [CR_FADDR] = 0xDEADBEEC, [CR_TIMER] = 1000,
			[CR_TPERIOD] = 77, [CR_INSTRET] = 0x12345678, [CR_INSTRETH] = 9,
			[CR_SCRATCH] = 0xCAFEF00D, [CR_PENDING] = 1u << TRAP_TIMER,
		};
		if (cr >= N_ELEMS(want))
			fail_msg("CR %u (%s) has no expected value here: add one", cr, isa_cregs[cr].name);
		assert_int_equal(cpu_cr(f->m, cr), want[cr]);
		cpu_set_reg(f->m, REG_a1, 0x600D);
		fx_steps(f, 1);
		if (cpu_reg(f->m, REG_a0) != want[cr])
			fail_msg("mfcr CR_%s = 0x%08x, want 0x%08x", isa_cregs[cr].name,
				 cpu_reg(f->m, REG_a0), want[cr]);
		assert_int_equal(cpu_reg(f->m, REG_a1), 0x600D);
		assert_int_equal(cpu_instret(f->m), 0x900000000ull + 0x12345678 + 1);
	}
}

/* mtcr writes every read/write control register (TIMER counts from after the
 * mtcr, so it reads back the value written). */
static void test_mtcr_writes_each(void **state)
{
	struct fx *f = *state;
	COVERS(MTCR);
	for (unsigned cr = 0; cr < CR_COUNT; cr++) {
		if (isa_cregs[cr].access != CR_RW || cr == CR_STATUS)
			continue;	/* STATUS: test_mtcr_status */
		uint32_t prog[] = {
			insn_enc_i(OP_MTCR, 0, REG_a1, cr),	/* mtcr cr, a1 */
		};
		fx_kernel(f, prog, N_ELEMS(prog));
		cpu_set_reg(f->m, REG_a1, 0x00012340 + 16 * cr);
		fx_steps(f, 1);
		if (cpu_cr(f->m, cr) != 0x00012340 + 16 * cr)
			fail_msg("mtcr CR_%s: reads 0x%08x", isa_cregs[cr].name, cpu_cr(f->m, cr));
		assert_int_equal(cpu_reg(f->m, REG_a1), 0x00012340 + 16 * cr);
	}
}

/* mtcr STATUS sets IE, PUM and PIE but never UM (it stays kernel mode), and
 * ignores the bits that do not exist. */
static void test_mtcr_status(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_MTCR, 0, REG_a1, CR_STATUS),	/* 0: mtcr status, a1 */
		insn_enc_i(OP_MFCR, REG_a0, 0, CR_STATUS),	/* 4: mfcr a0, status */
		insn_enc_i(OP_MTCR, 0, REG_a2, CR_STATUS),	/* 8: mtcr status, a2 */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a1, 0xFFFFFFFF);
	cpu_set_reg(f->m, REG_a2, STATUS_PUM);
	fx_steps(f, 1);
	assert_int_equal(cpu_cr(f->m, CR_STATUS), STATUS_IE | STATUS_PUM | STATUS_PIE);
	assert_false(cpu_user_mode(f->m));
	fx_steps(f, 2);		/* mfcr works: still kernel mode */
	assert_int_equal(cpu_reg(f->m, REG_a0), STATUS_IE | STATUS_PUM | STATUS_PIE);
	assert_int_equal(cpu_cr(f->m, CR_STATUS), STATUS_PUM);
}

/* mtcr to a read-only register (every RO row of cregs.def) and mfcr/mtcr
 * of a number that is no row raise ILLEGAL with FADDR = pc in kernel mode,
 * and neither the register nor rd changes. */
static void test_cr_illegal(void **state)
{
	struct fx *f = *state;
	for (unsigned cr = 0; cr < CR_COUNT; cr++) {
		if (isa_cregs[cr].access != CR_RO)
			continue;
		uint32_t prog[] = { insn_enc_i(OP_MTCR, 0, REG_a1, cr) };	/* mtcr cr, a1 */
		fx_kernel(f, prog, N_ELEMS(prog));
		cpu_set_reg(f->m, REG_a1, 0x77777777);
		uint32_t before = cpu_cr(f->m, cr);
		fx_expect_trap(f, OP_MTCR, TRAP_ILLEGAL, FX_KCODE, FX_KCODE);
		assert_int_equal(cpu_cr(f->m, cr), before);
	}
	static const uint32_t unknown[] = { CR_COUNT, 0x100, 0xFFFF };
	for (unsigned i = 0; i < N_ELEMS(unknown); i++) {
		uint32_t prog[] = {
			insn_enc_i(OP_MFCR, REG_a0, 0, unknown[i]),	/* mfcr a0, n */
			insn_enc_i(OP_MTCR, 0, REG_a1, unknown[i]),	/* mtcr n, a1 */
		};
		fx_kernel(f, prog, N_ELEMS(prog));
		cpu_set_reg(f->m, REG_a0, 0x5555);
		fx_expect_trap(f, OP_MFCR, TRAP_ILLEGAL, FX_KCODE, FX_KCODE);
		assert_int_equal(cpu_reg(f->m, REG_a0), 0x5555);
		fx_kernel(f, prog, N_ELEMS(prog));
		cpu_set_pc(f->m, FX_KCODE + 4);
		fx_expect_trap(f, OP_MTCR, TRAP_ILLEGAL, FX_KCODE + 4, FX_KCODE + 4);
	}
}

/* The host door cpu_set_cr may set what mtcr cannot: UM (and read-only
 * registers, used by the mfcr test). */
static void test_host_cr_door(void **state)
{
	struct fx *f = *state;
	cpu_set_cr(f->m, CR_STATUS, STATUS_UM);
	assert_true(cpu_user_mode(f->m));
	assert_int_equal(cpu_cr(f->m, CR_STATUS), STATUS_UM);
	cpu_set_cr(f->m, CR_STATUS, 0);
	assert_false(cpu_user_mode(f->m));
}

/* Setting INSTRET/INSTRETH through the host door is not time passing: the
 * timer's count of instructions left does not change. */
static void test_host_instret_keeps_timer(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { NOP, NOP };
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_TIMER, 50);
	cpu_set_cr(f->m, CR_INSTRET, 1000);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 50);
	cpu_set_cr(f->m, CR_INSTRETH, 2);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 50);
	cpu_set_cr(f->m, CR_INSTRET, 0);
	cpu_set_cr(f->m, CR_INSTRETH, 0);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 50);
	fx_steps(f, 1);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 49);
	assert_int_equal(cpu_instret(f->m), 1);
}

/* ---- halt, INSTRET, cpu_step, cpu_reset ------------------------------- */

/* halt stops the machine with CPU_STOP_HALT and exit status a0, from
 * cpu_run and from cpu_step, and reports a CPU_EV_STOP with that code. */
static void test_halt(void **state)
{
	struct fx *f = *state;
	COVERS(HALT);
	uint32_t prog[] = {
		insn_enc_i(OP_LUI, REG_a0, 0, 0xDEAD),		/* 0: lui a0, 0xDEAD */
		insn_enc_i(OP_ORI, REG_a0, REG_a0, 0xBEEF),	/* 4: ori a0, a0, 0xBEEF */
		HALT,						/* 8: halt */
		NOP,
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	fx_expect_stop(f, CPU_STOP_HALT, 0xDEADBEEF, FX_KCODE + 8);

	fx_restart(f);
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_pc(f->m, FX_KCODE + 8);
	cpu_set_reg(f->m, REG_a0, 3);
	assert_int_equal(cpu_step(f->m), CPU_STOP_HALT);
	assert_int_equal(cpu_exit_status(f->m), 3);
}

/* INSTRET counts retired instructions: cpu_run's budget is exact, faults
 * and interrupt entries do not count (checked by every fx_expect_trap),
 * the 64-bit count carries into INSTRETH. */
static void test_instret(void **state)
{
	struct fx *f = *state;
	uint32_t prog[12];
	for (unsigned i = 0; i < N_ELEMS(prog); i++)
		prog[i] = NOP;
	prog[10] = 0;							/* .word 0 */
	fx_kernel(f, prog, N_ELEMS(prog));
	assert_int_equal(cpu_run(f->m, 5), CPU_STOP_BUDGET);
	assert_int_equal(cpu_instret(f->m), 5);
	assert_int_equal(cpu_cr(f->m, CR_INSTRET), 5);
	assert_int_equal(cpu_cr(f->m, CR_INSTRETH), 0);
	assert_int_equal(cpu_pc(f->m), FX_KCODE + 20);
	fx_steps(f, 5);
	fx_expect_trap(f, -1, TRAP_ILLEGAL, FX_KCODE + 40, FX_KCODE + 40);
	assert_int_equal(cpu_instret(f->m), 10);

	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_INSTRET, 0xFFFFFFFF);
	cpu_set_cr(f->m, CR_INSTRETH, 0);
	fx_steps(f, 1);
	assert_int_equal(cpu_cr(f->m, CR_INSTRET), 0);
	assert_int_equal(cpu_cr(f->m, CR_INSTRETH), 1);
	assert_true(cpu_instret(f->m) == 0x100000000ull);
}

/* cpu_step does one instruction, or one trap entry: a fault is entered
 * without retiring, a pending enabled interrupt is entered without running
 * an instruction, and the next step runs the handler's first instruction. */
static void test_step_unit(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { NOP, NOP, 0 };			/* nop; nop; .word 0 */
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_STATUS, STATUS_IE);
	fx_steps(f, 1);
	assert_int_equal(cpu_pc(f->m), FX_KCODE + 4);
	assert_int_equal(cpu_instret(f->m), 1);
	cpu_raise(f->m, TRAP_TIMER);
	fx_expect_trap(f, -1, TRAP_TIMER, FX_KCODE + 4, 0);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), 0);
	assert_int_equal(cpu_step(f->m), CPU_STOP_HALT);	/* the handler's halt */

	fx_restart(f);
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_pc(f->m, FX_KCODE + 8);
	fx_expect_trap(f, -1, TRAP_ILLEGAL, FX_KCODE + 8, FX_KCODE + 8);
}

/* cpu_reset zeroes registers, control registers and counters, leaves kernel
 * mode with interrupts off and pc 0, and keeps RAM. */
static void test_reset(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { NOP, NOP };
	fx_user(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a0, 1);
	cpu_set_cr(f->m, CR_SCRATCH, 2);
	cpu_set_cr(f->m, CR_TIMER, 50);
	fx_steps(f, 2);
	cpu_reset(f->m);
	for (unsigned r = 0; r < REG_COUNT; r++)
		assert_int_equal(cpu_reg(f->m, r), 0);
	for (unsigned cr = 0; cr < CR_COUNT; cr++)
		assert_int_equal(cpu_cr(f->m, cr), 0);
	assert_int_equal(cpu_pc(f->m), 0);
	assert_false(cpu_user_mode(f->m));
	assert_int_equal(cpu_instret(f->m), 0);
	assert_int_equal(fx_get32(f, FX_UBASE), NOP);
	assert_int_equal(fx_get32(f, FX_IVEC), FX_HANDLER(0));
}

/* ---- Hook and determinism ------------------------------------------------- */

/* A hook that returns nonzero stops cpu_run with CPU_STOP_HOOK right after
 * the event: after a trap entry, pc is the handler and nothing more ran. */
static void test_hook_stops_run(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { NOP, insn_enc_n(OP_TRAP), NOP };	/* nop; trap; nop */
	fx_kernel(f, prog, N_ELEMS(prog));
	f->stop_on = CPU_EV_TRAP;
	assert_int_equal(cpu_run(f->m, 100), CPU_STOP_HOOK);
	assert_int_equal(cpu_pc(f->m), FX_HANDLER(TRAP_SYSCALL));
	assert_int_equal(cpu_instret(f->m), 2);
	assert_int_equal(fx_count(f, 0, CPU_EV_TRAP, NULL), 1);
	assert_int_equal(fx_count(f, 0, CPU_EV_STOP, NULL), 0);
}

static void run_busy_system(struct fx *f)
{
	uint32_t sys[] = {
		LUI_DEV(REG_t3),				/* lui t3, 0xF000 */
		insn_enc_i(OP_SW, REG_a0, REG_t3, DEVREG_CONS_OUT),	/* sw a0, CONS_OUT(t3) */
		IRET,						/* iret */
	};
	fx_put(f, FX_HANDLER(TRAP_SYSCALL), sys, N_ELEMS(sys));
	fx_put32(f, FX_HANDLER(TRAP_TIMER), IRET);		/* iret */
	uint32_t prog[] = {
		insn_enc_i(OP_ADDI, REG_a0, REG_zero, 'a'),	/*  0: addi a0, zero, 'a' */
		insn_enc_n(OP_TRAP),				/*  4: loop: trap */
		insn_enc_i(OP_ADDI, REG_a0, REG_a0, 1),		/*  8: addi a0, a0, 1 */
		insn_enc_i(OP_ANDI, REG_a0, REG_a0, 0x7F),	/* 12: andi a0, a0, 0x7F */
		insn_enc_j(OP_JAL, REG_zero, 0xFFFFD),		/* 16: jal zero, loop */
	};
	fx_user(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_TPERIOD, 7);
	cpu_set_cr(f->m, CR_TIMER, 7);
	assert_int_equal(cpu_run(f->m, 500), CPU_STOP_BUDGET);
}

/* The same program (user code making syscalls that print, a periodic timer)
 * run twice on two fresh machines gives the same events, output and state. */
static void test_determinism(void **state)
{
	struct fx *a = *state;
	void *second = NULL;
	assert_int_equal(fx_setup(&second), 0);
	struct fx *b = second;
	run_busy_system(a);
	run_busy_system(b);
	assert_true(fx_count(a, 0, CPU_EV_TRAP, NULL) > 20);
	assert_int_equal(a->nev, b->nev);
	for (unsigned i = 0; i < a->nev; i++) {
		const struct cpu_event *x = &a->ev[i], *y = &b->ev[i];
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->instret, y->instret);
		assert_int_equal(x->cause, y->cause);
		assert_int_equal(x->pc, y->pc);
		assert_int_equal(x->insn_pc, y->insn_pc);
		assert_int_equal(x->faddr, y->faddr);
		assert_int_equal(x->handler, y->handler);
		assert_int_equal(x->status_before, y->status_before);
		assert_int_equal(x->status_after, y->status_after);
	}
	assert_true(a->nout > 10);
	assert_int_equal(a->nout, b->nout);
	assert_memory_equal(a->out, b->out, a->nout);
	for (unsigned r = 0; r < REG_COUNT; r++)
		assert_int_equal(cpu_reg(a->m, r), cpu_reg(b->m, r));
	assert_int_equal(cpu_pc(a->m), cpu_pc(b->m));
	assert_true(cpu_stats(a->m)->traps[TRAP_TIMER] > 0);
	assert_true(cpu_stats(a->m)->traps[TRAP_SYSCALL] > 0);
	assert_memory_equal(cpu_stats(a->m), cpu_stats(b->m), sizeof(struct cpu_stats));
	fx_teardown(&second);
}

int cpu_tests_trap(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_trap_and_break_entry),
		FX_TEST(test_iret_restores),
		FX_TEST(test_iret_to_wild_pc),
		FX_TEST(test_iret_masks_status),
		FX_TEST(test_iret_faults),
		FX_TEST(test_round_trip),
		FX_TEST(test_nested_traps),
		FX_TEST(test_pushed_pc_per_cause),
		FX_TEST(test_double_faults),
		FX_TEST(test_double_fault_on_interrupt),
		FX_TEST(test_ivec_low_bits),
		FX_TEST(test_reserved_bits_illegal),
		FX_TEST(test_unassigned_opcodes_illegal),
		FX_TEST(test_privileged_in_user),
		FX_TEST(test_mfcr_reads_each),
		FX_TEST(test_mtcr_writes_each),
		FX_TEST(test_mtcr_status),
		FX_TEST(test_cr_illegal),
		FX_TEST(test_host_cr_door),
		FX_TEST(test_host_instret_keeps_timer),
		FX_TEST(test_halt),
		FX_TEST(test_instret),
		FX_TEST(test_step_unit),
		FX_TEST(test_reset),
		FX_TEST(test_hook_stops_run),
		FX_TEST(test_determinism),
	};
	return cmocka_run_group_tests_name("cpu_trap", tests, NULL, NULL);
}
