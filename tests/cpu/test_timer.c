/*
 * test_timer.c - interrupts: the timer counting retired instructions, its
 * reload from TPERIOD, masking by IE with CR_PENDING, taking a deferred
 * interrupt after the mtcr or iret that enables it, priority, and wfi
 * (fast-forward, masked, already pending, idle stop, woken by input).
 */
#include "cpu_fixture.h"

#define BIT(c) (1u << (c))

static void nops(uint32_t *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		w[i] = NOP;
}

/* TIMER = 3 set by the host: three instructions retire, TIMER counts down,
 * then the interrupt is pending (CR_PENDING) and the next step enters it,
 * pushing the pc of the fourth instruction; taking it clears PENDING. */
static void test_timer_fires_after_n(void **state)
{
	struct fx *f = *state;
	uint32_t prog[8];
	nops(prog, N_ELEMS(prog));
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_STATUS, STATUS_IE);
	cpu_set_cr(f->m, CR_TIMER, 3);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 3);
	fx_steps(f, 2);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 1);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), 0);
	fx_steps(f, 1);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), BIT(TRAP_TIMER));
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 0);		/* TPERIOD 0: stopped */
	fx_expect_trap(f, -1, TRAP_TIMER, FX_KCODE + 12, 0);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), 0);
}

/* mtcr TIMER, 2 counts from after the mtcr: two more instructions, then the
 * interrupt, pushed pc = the instruction after them. */
static void test_timer_armed_by_mtcr(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_MTCR, 0, REG_a1, CR_TIMER),	/*  0: mtcr timer, a1 */
		NOP,						/*  4: nop */
		NOP,						/*  8: nop */
		NOP,						/* 12: nop */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_STATUS, STATUS_IE);
	cpu_set_reg(f->m, REG_a1, 2);
	fx_steps(f, 1);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 2);
	fx_steps(f, 2);
	fx_expect_trap(f, -1, TRAP_TIMER, FX_KCODE + 12, 0);
}

/* With IE = 0 the expired timer stays pending (CR_PENDING) however long the
 * code runs, and is taken right after the mtcr STATUS that sets IE, with the
 * pushed pc = the instruction after that mtcr. */
static void test_timer_deferred_until_mtcr(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		NOP, NOP, NOP, NOP,				/*  0-12: nop */
		insn_enc_i(OP_MTCR, 0, REG_a1, CR_STATUS),	/* 16: mtcr status, a1 */
		NOP,						/* 20: nop */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_TIMER, 2);
	cpu_set_reg(f->m, REG_a1, STATUS_IE);
	fx_steps(f, 4);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), BIT(TRAP_TIMER));
	fx_steps(f, 1);
	assert_int_equal(cpu_pc(f->m), FX_KCODE + 20);
	fx_expect_trap(f, -1, TRAP_TIMER, FX_KCODE + 20, 0);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), 0);
}

/* A pending interrupt is taken right after the iret whose frame enables
 * IE: from user mode, before the user instruction at the returned pc runs. */
static void test_timer_deferred_until_iret(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { IRET };				/* iret */
	fx_kernel(f, prog, N_ELEMS(prog));
	fx_put32(f, FX_KSP_KERNEL + FRAME_PC, 0x40);
	fx_put32(f, FX_KSP_KERNEL + FRAME_STATUS, STATUS_UM | STATUS_IE);
	fx_put32(f, FX_KSP_KERNEL + FRAME_SP, FX_USP);
	cpu_set_cr(f->m, CR_BASE, FX_UBASE);
	cpu_set_cr(f->m, CR_BOUND, FX_UBOUND);
	cpu_raise(f->m, TRAP_TIMER);
	fx_steps(f, 1);
	assert_true(cpu_user_mode(f->m));
	assert_int_equal(cpu_instret(f->m), 1);
	fx_expect_trap(f, -1, TRAP_TIMER, 0x40, 0);
	assert_int_equal(fx_get32(f, FX_KSP - FRAME_BYTES + FRAME_SP), FX_USP);
}

/* The same deferral inside one cpu_run: the interrupt comes right after the
 * mtcr that sets IE, after exactly 5 retired instructions. */
static void test_timer_deferred_in_run(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		NOP, NOP, NOP, NOP,				/*  0-12: nop */
		insn_enc_i(OP_MTCR, 0, REG_a1, CR_STATUS),	/* 16: mtcr status, a1 */
		NOP, NOP, NOP,					/* 20-28: nop */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_TIMER, 2);
	cpu_set_reg(f->m, REG_a1, STATUS_IE);
	assert_int_equal(cpu_run(f->m, 100), CPU_STOP_HALT);	/* the handler's halt */
	const struct cpu_event *ev = NULL;
	assert_int_equal(fx_count(f, 0, CPU_EV_TRAP, &ev), 1);
	assert_int_equal(ev->cause, TRAP_TIMER);
	assert_int_equal(ev->pc, FX_KCODE + 20);
	assert_int_equal(ev->instret, 5);
}

/* The timer running out on a `trap` instruction: SYSCALL is entered (trap
 * retires, so it counts), TIMER waits pending with IE = 0 in the handler,
 * and is taken right after the handler's iret, before the user's next
 * instruction, with that instruction's pc pushed. */
static void test_timer_during_syscall(void **state)
{
	struct fx *f = *state;
	fx_put32(f, FX_HANDLER(TRAP_SYSCALL), IRET);		/* iret */
	uint32_t prog[] = {
		NOP,						/* 0: nop */
		insn_enc_n(OP_TRAP),				/* 4: trap */
		NOP,						/* 8: nop */
	};
	fx_user(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_TIMER, 2);
	assert_int_equal(cpu_run(f->m, 100), CPU_STOP_HALT);	/* the timer handler's halt */
	assert_int_equal(fx_count(f, 0, CPU_EV_TRAP, NULL), 2);
	assert_int_equal(f->ev[0].kind, CPU_EV_TRAP);
	assert_int_equal(f->ev[0].cause, TRAP_SYSCALL);
	assert_int_equal(f->ev[1].kind, CPU_EV_IRET);
	assert_int_equal(f->ev[2].kind, CPU_EV_TRAP);
	assert_int_equal(f->ev[2].cause, TRAP_TIMER);
	assert_int_equal(f->ev[2].pc, 8);
	assert_int_equal(f->ev[2].instret, 3);
	assert_int_equal(f->ev[2].status_before, STATUS_UM | STATUS_IE);
}

/* A faulting instruction does not advance the timer: with one instruction
 * left, the fault is entered (TIMER still 1, checked by fx_expect_trap) and
 * the timer runs out on the handler's first retired instruction instead. */
static void test_fault_does_not_advance_timer(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { 0 };				/* .word 0 */
	fx_put32(f, FX_HANDLER(TRAP_ILLEGAL), NOP);		/* nop */
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_TIMER, 1);
	fx_expect_trap(f, -1, TRAP_ILLEGAL, FX_KCODE, FX_KCODE);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 1);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), 0);
	fx_steps(f, 1);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), BIT(TRAP_TIMER));
}

/* Inside one cpu_run, mfcr sees the timer's count of instructions left and
 * INSTRET as it is before the mfcr. */
static void test_timer_read_in_run(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		NOP, NOP, NOP,					/*  0-8: nop */
		insn_enc_i(OP_MFCR, REG_a1, 0, CR_TIMER),	/* 12: mfcr a1, timer */
		insn_enc_i(OP_MFCR, REG_a2, 0, CR_INSTRET),	/* 16: mfcr a2, instret */
		insn_enc_r(OP_SUB, REG_a0, REG_a2, REG_a1),	/* 20: sub a0, a2, a1 */
		HALT,						/* 24: halt */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_TIMER, 100);
	fx_expect_stop(f, CPU_STOP_HALT, (uint32_t)(4 - 97), FX_KCODE + 24);
	assert_int_equal(cpu_reg(f->m, REG_a1), 97);
	assert_int_equal(cpu_reg(f->m, REG_a2), 4);
}

/* In user mode with IE = 0 the timer is not taken either: it stays pending. */
static void test_timer_masked_in_user(void **state)
{
	struct fx *f = *state;
	uint32_t prog[6];
	nops(prog, N_ELEMS(prog));
	fx_user(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_STATUS, STATUS_UM);
	cpu_set_cr(f->m, CR_TIMER, 1);
	fx_steps(f, 5);
	assert_int_equal(cpu_pc(f->m), 20);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), BIT(TRAP_TIMER));
}

/* A user program that never traps is interrupted after TIMER instructions;
 * trap entry switches to the kernel stack and pushes the user pc. */
static void test_timer_preempts_user(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_ADDI, REG_a0, REG_a0, 1),		/* 0: loop: addi a0, a0, 1 */
		insn_enc_j(OP_JAL, REG_zero, 0xFFFFF),		/* 4: jal zero, loop */
	};
	fx_user(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_TIMER, 5);
	fx_steps(f, 5);
	fx_expect_trap(f, -1, TRAP_TIMER, 4, 0);
	assert_int_equal(cpu_reg(f->m, REG_a0), 3);
	assert_int_equal(cpu_reg(f->m, REG_sp), FX_KSP - FRAME_BYTES);
}

/* TPERIOD reloads TIMER when it expires, and the kernel's own instructions
 * count: with period 2 and a handler that is one iret, the interrupts come
 * at 2, 4, 6, ... retired instructions. */
static void test_timer_period(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { insn_enc_i(OP_BEQ, REG_zero, REG_zero, 0) };	/* beq zero, zero, . */
	fx_put32(f, FX_HANDLER(TRAP_TIMER), IRET);		/* iret */
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_STATUS, STATUS_IE);
	cpu_set_cr(f->m, CR_TPERIOD, 2);
	cpu_set_cr(f->m, CR_TIMER, 2);
	fx_steps(f, 2);
	fx_expect_trap(f, -1, TRAP_TIMER, FX_KCODE, 0);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 2);
	assert_int_equal(cpu_run(f->m, 18), CPU_STOP_BUDGET);
	unsigned n = 0;
	for (unsigned i = 0; i < f->nev; i++) {
		if (f->ev[i].kind != CPU_EV_TRAP)
			continue;
		n++;
		assert_int_equal(f->ev[i].cause, TRAP_TIMER);
		assert_int_equal(f->ev[i].instret, 2 * n);
	}
	assert_true(n >= 9);
	assert_int_equal(cpu_cr(f->m, CR_TPERIOD), 2);
}

/* TPERIOD 0 is one-shot: one interrupt, then TIMER reads 0 and stays quiet.
 * Writing 0 to TIMER stops an armed timer. */
static void test_timer_one_shot_and_stop(void **state)
{
	struct fx *f = *state;
	uint32_t loop[] = { insn_enc_i(OP_BEQ, REG_zero, REG_zero, 0) };	/* beq zero, zero, . */
	fx_put32(f, FX_HANDLER(TRAP_TIMER), IRET);		/* iret */
	fx_kernel(f, loop, N_ELEMS(loop));
	cpu_set_cr(f->m, CR_STATUS, STATUS_IE);
	cpu_set_cr(f->m, CR_TIMER, 3);
	assert_int_equal(cpu_run(f->m, 50), CPU_STOP_BUDGET);
	assert_int_equal(fx_count(f, 0, CPU_EV_TRAP, NULL), 1);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 0);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), 0);

	uint32_t prog[] = {
		insn_enc_i(OP_MTCR, 0, REG_zero, CR_TIMER),	/* 0: mtcr timer, zero */
		insn_enc_i(OP_BEQ, REG_zero, REG_zero, 0),	/* 4: beq zero, zero, . */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_STATUS, STATUS_IE);
	cpu_set_cr(f->m, CR_TPERIOD, 2);
	cpu_set_cr(f->m, CR_TIMER, 2);
	unsigned from = f->nev;
	assert_int_equal(cpu_run(f->m, 50), CPU_STOP_BUDGET);
	assert_int_equal(fx_count(f, from, CPU_EV_TRAP, NULL), 0);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 0);
}

/* When several interrupts are pending the lowest cause number is taken first
 * (TIMER before CONSOLE); the other one follows after the handler's iret. */
static void test_interrupt_priority(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_MTCR, 0, REG_a1, CR_STATUS),	/* 0: mtcr status, a1 */
		NOP,						/* 4: nop */
	};
	fx_put32(f, FX_HANDLER(TRAP_TIMER), IRET);		/* iret */
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a1, STATUS_IE);
	cpu_raise(f->m, TRAP_TIMER);
	fx_input(f, "c", 1, CPU_IN_NONE);
	cpu_console_poll(f->m);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), BIT(TRAP_TIMER) | BIT(TRAP_CONSOLE));
	fx_steps(f, 1);
	fx_expect_trap(f, -1, TRAP_TIMER, FX_KCODE + 4, 0);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), BIT(TRAP_CONSOLE));
	fx_steps(f, 1);						/* the handler's iret */
	fx_expect_trap(f, -1, TRAP_CONSOLE, FX_KCODE + 4, 0);
}

/* ---- wfi ----------------------------------------------------------------- */

/* wfi with nothing pending and the timer armed: the host is asked for input
 * (idle_ticks = the time to the timer), time jumps to the timer's expiry
 * without counting as retired instructions, wfi retires, and the interrupt
 * is taken with the pushed pc after the wfi. */
static void test_wfi_fast_forward(void **state)
{
	struct fx *f = *state;
	COVERS(WFI);
	uint32_t prog[] = { insn_enc_n(OP_WFI), NOP };		/* 0: wfi; 4: nop */
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_STATUS, STATUS_IE);
	cpu_set_cr(f->m, CR_TIMER, 100);
	assert_int_equal(cpu_run(f->m, 10), CPU_STOP_HALT);	/* the timer handler */
	const struct cpu_event *ev = NULL;
	assert_int_equal(fx_count(f, 0, CPU_EV_TRAP, &ev), 1);
	assert_int_equal(ev->cause, TRAP_TIMER);
	assert_int_equal(ev->pc, FX_KCODE + 4);
	assert_int_equal(ev->instret, 1);
	assert_int_equal(cpu_cr(f->m, CR_CAUSE), TRAP_TIMER);
	assert_true(f->getc_calls >= 1);
	assert_true(f->last_idle >= 99 && f->last_idle <= 100);
	uint64_t idle = cpu_stats(f->m)->idle_ticks;
	assert_true(idle >= 99 && idle <= 100);
}

/* wfi with IE = 0: it still waits for the timer, then goes on after the wfi
 * with the interrupt pending, not taken. */
static void test_wfi_masked(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { insn_enc_n(OP_WFI), NOP, NOP };	/* wfi; nop; nop */
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_TIMER, 40);
	fx_steps(f, 1);
	assert_int_equal(cpu_pc(f->m), FX_KCODE + 4);
	assert_int_equal(cpu_instret(f->m), 1);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), BIT(TRAP_TIMER));
	fx_steps(f, 2);
}

/* wfi with an interrupt already pending does nothing but retire: the host
 * is not asked and no time is skipped. */
static void test_wfi_already_pending(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { insn_enc_n(OP_WFI), NOP };		/* wfi; nop */
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_TIMER, 40);
	cpu_raise(f->m, TRAP_TIMER);
	fx_steps(f, 1);
	assert_int_equal(cpu_pc(f->m), FX_KCODE + 4);
	assert_int_equal(f->getc_calls, 0);
	assert_int_equal(cpu_stats(f->m)->idle_ticks, 0);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 39);
}

/* wfi with no timer and no input to come stops the machine with
 * CPU_STOP_IDLE and a diagnostic: input at end of file, input "none now"
 * (asked with idle_ticks = UINT64_MAX: never), or no getc at all; from
 * cpu_run and from cpu_step. */
static void test_wfi_idle_stop(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { NOP, insn_enc_n(OP_WFI), NOP };	/* nop; wfi; nop */
	for (unsigned how = 0; how < 4; how++) {
		fx_restart(f);
		fx_kernel(f, prog, N_ELEMS(prog));
		cpu_set_cr(f->m, CR_STATUS, STATUS_IE);
		if (how == 1)
			fx_input(f, "", 0, CPU_IN_NONE);
		if (how == 2) {
			struct cpu_io none = { 0 };
			cpu_set_io(f->m, &none);
		}
		if (how == 3) {
			fx_steps(f, 1);
			assert_int_equal(cpu_step(f->m), CPU_STOP_IDLE);
		} else {
			assert_int_equal(cpu_run(f->m, 100), CPU_STOP_IDLE);
		}
		fx_assert_diagnostic(f);
		assert_int_equal(fx_count(f, 0, CPU_EV_TRAP, NULL), 0);
		if (how == 1)
			assert_true(f->getc_calls >= 1 && f->last_idle == UINT64_MAX);
	}
}

/* wfi woken by console input: the byte makes CONSOLE pending, wfi retires,
 * the interrupt is taken with pushed pc after the wfi, and the handler
 * reads the byte from CONS_IN, which clears PENDING. */
static void test_wfi_console_wakes(void **state)
{
	struct fx *f = *state;
	uint32_t handler[] = {
		LUI_DEV(REG_t0),					/* lui t0, 0xF000 */
		insn_enc_i(OP_LW, REG_a0, REG_t0, DEVREG_CONS_IN),	/* lw a0, CONS_IN(t0) */
		HALT,							/* halt */
	};
	fx_put(f, FX_HANDLER(TRAP_CONSOLE), handler, N_ELEMS(handler));
	uint32_t prog[] = { insn_enc_n(OP_WFI), NOP };		/* wfi; nop */
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_STATUS, STATUS_IE);
	cpu_set_cr(f->m, CR_TIMER, 1000);
	fx_input(f, "x", 1, CPU_IN_NONE);
	fx_steps(f, 1);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), BIT(TRAP_CONSOLE));
	fx_expect_trap(f, -1, TRAP_CONSOLE, FX_KCODE + 4, 0);
	assert_int_equal(cpu_run(f->m, 10), CPU_STOP_HALT);
	assert_int_equal(cpu_exit_status(f->m), 'x');
	assert_int_equal(cpu_cr(f->m, CR_PENDING), 0);
}

/* Writing TIMER starts a fresh interval: an expiry still pending from the
 * old one (IE = 0, so not yet taken) is forgotten, and the interrupt comes
 * only when the new count runs out.  (The kernel re-arms at dispatch, so a
 * process's quantum never starts with a stale tick.) */
static void test_timer_write_clears_pending(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		NOP, NOP,					/*  0-4: nop */
		insn_enc_i(OP_MTCR, 0, REG_a1, CR_TIMER),	/*  8: mtcr timer, a1 */
		insn_enc_i(OP_MTCR, 0, REG_a2, CR_STATUS),	/* 12: mtcr status, a2 */
		NOP, NOP, NOP, NOP,				/* 16-28: nop */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_TIMER, 1);
	cpu_set_reg(f->m, REG_a1, 3);
	cpu_set_reg(f->m, REG_a2, STATUS_IE);
	fx_steps(f, 2);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), BIT(TRAP_TIMER));
	fx_steps(f, 1);					/* the re-arm */
	assert_int_equal(cpu_cr(f->m, CR_PENDING), 0);
	assert_int_equal(cpu_cr(f->m, CR_TIMER), 3);
	fx_steps(f, 1);					/* IE on: nothing to take */
	assert_int_equal(cpu_pc(f->m), FX_KCODE + 16);
	fx_steps(f, 2);					/* 3 after the re-arm */
	assert_int_equal(cpu_cr(f->m, CR_PENDING), BIT(TRAP_TIMER));
	fx_expect_trap(f, -1, TRAP_TIMER, FX_KCODE + 24, 0);
}

/* The longest stretch in kernel mode with IE = 0 (stats.masked_max): from
 * reset (kernel, IE = 0) to the mtcr that sets IE is 3 instructions; a
 * later one opened by mtcr STATUS, 0 still counts while it is open. */
static void test_masked_stretch_counted(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		NOP, NOP,					/*  0-4: nop */
		insn_enc_i(OP_MTCR, 0, REG_a1, CR_STATUS),	/*  8: mtcr status, a1 (IE on) */
		NOP,						/* 12: nop */
		insn_enc_i(OP_MTCR, 0, REG_zero, CR_STATUS),	/* 16: mtcr status, zero (IE off) */
		NOP, NOP, NOP, NOP, NOP,			/* 20-36: nop */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a1, STATUS_IE);
	fx_steps(f, 4);
	assert_int_equal(cpu_stats(f->m)->masked_max, 3);
	assert_int_equal(cpu_stats(f->m)->masked_max_start, 0);
	fx_steps(f, 1);					/* IE off again at INSTRET 5 */
	fx_steps(f, 4);
	assert_int_equal(cpu_stats(f->m)->masked_max, 4);
	assert_int_equal(cpu_stats(f->m)->masked_max_start, 5);
}

int cpu_tests_timer(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_timer_fires_after_n),
		FX_TEST(test_timer_armed_by_mtcr),
		FX_TEST(test_timer_deferred_until_mtcr),
		FX_TEST(test_timer_deferred_until_iret),
		FX_TEST(test_timer_deferred_in_run),
		FX_TEST(test_timer_read_in_run),
		FX_TEST(test_timer_during_syscall),
		FX_TEST(test_fault_does_not_advance_timer),
		FX_TEST(test_timer_masked_in_user),
		FX_TEST(test_timer_preempts_user),
		FX_TEST(test_timer_period),
		FX_TEST(test_timer_one_shot_and_stop),
		FX_TEST(test_interrupt_priority),
		FX_TEST(test_wfi_fast_forward),
		FX_TEST(test_wfi_masked),
		FX_TEST(test_wfi_already_pending),
		FX_TEST(test_wfi_idle_stop),
		FX_TEST(test_wfi_console_wakes),
		FX_TEST(test_timer_write_clears_pending),
		FX_TEST(test_masked_stretch_counted),
	};
	return cmocka_run_group_tests_name("cpu_timer", tests, NULL, NULL);
}
