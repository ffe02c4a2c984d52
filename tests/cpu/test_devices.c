/*
 * test_devices.c - the memory-mapped devices of devices.def: console output
 * and input through struct cpu_io, the level-triggered console interrupt,
 * power-off, the trace port and its CPU_EV_OS event, and the accesses that
 * are bus errors (non-word, wrong direction, no such register) or, from
 * user mode, never reach a device at all.
 */
#include "cpu_fixture.h"

enum {
#define OSEV(code, name, a0, a1, format) OSEV_##name = code,
#include "trace_events.def"
#undef OSEV
};

/* lw rd, NAME(t0) / sw rs, NAME(t0) with t0 = DEV_BASE */
#define DEV_LW(rd, reg) insn_enc_i(OP_LW, (rd), REG_t0, DEVREG_##reg)
#define DEV_SW(rs, reg) insn_enc_i(OP_SW, (rs), REG_t0, DEVREG_##reg)

/* A store to CONS_OUT hands its low byte to putc, in order; without a putc
 * the byte is dropped and nothing else happens. */
static void test_cons_out(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		LUI_DEV(REG_t0),				/* lui t0, 0xF000 */
		insn_enc_i(OP_ADDI, REG_a0, REG_zero, 'H'),	/* addi a0, zero, 'H' */
		DEV_SW(REG_a0, CONS_OUT),			/* sw a0, CONS_OUT(t0) */
		insn_enc_i(OP_LUI, REG_a1, 0, 0x1234),		/* lui a1, 0x1234 */
		insn_enc_i(OP_ORI, REG_a1, REG_a1, 0x5669),	/* ori a1, a1, 0x5669 */
		DEV_SW(REG_a1, CONS_OUT),			/* sw a1, CONS_OUT(t0): 'i' */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	fx_steps(f, N_ELEMS(prog));
	assert_int_equal(f->nout, 2);
	assert_memory_equal(f->out, "Hi", 2);

	struct cpu_io no_putc = { f, NULL, NULL };
	cpu_set_io(f->m, &no_putc);
	fx_kernel(f, prog, N_ELEMS(prog));
	fx_steps(f, N_ELEMS(prog));
	assert_int_equal(f->nout, 2);
}

/* CONS_STATUS asks getc (idle_ticks 0) when no byte waits and shows READY
 * while one does, EOF at the end; CONS_IN gives the byte and clears READY,
 * and gives 0 when none waits. */
static void test_cons_in(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		LUI_DEV(REG_t0),			/* lui t0, 0xF000 */
		DEV_LW(REG_a0, CONS_STATUS),		/* lw a0, CONS_STATUS(t0) */
		DEV_LW(REG_a1, CONS_IN),		/* lw a1, CONS_IN(t0) */
		DEV_LW(REG_a2, CONS_STATUS),		/* lw a2, CONS_STATUS(t0) */
		DEV_LW(REG_a3, CONS_IN),		/* lw a3, CONS_IN(t0) */
		DEV_LW(REG_t1, CONS_STATUS),		/* lw t1, CONS_STATUS(t0) */
		DEV_LW(REG_t2, CONS_IN),		/* lw t2, CONS_IN(t0) */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	fx_input(f, "ab", 2, CPU_IN_EOF);
	fx_steps(f, N_ELEMS(prog));
	assert_int_equal(cpu_reg(f->m, REG_a0), CONS_READY);
	assert_int_equal(cpu_reg(f->m, REG_a1), 'a');
	assert_int_equal(cpu_reg(f->m, REG_a2), CONS_READY);
	assert_int_equal(cpu_reg(f->m, REG_a3), 'b');
	assert_int_equal(cpu_reg(f->m, REG_t1), CONS_EOF);
	assert_int_equal(cpu_reg(f->m, REG_t2), 0);
	assert_int_equal(f->last_idle, 0);

	/* nothing typed yet, more may come: neither bit */
	fx_restart(f);
	fx_kernel(f, prog, 2);
	fx_input(f, "", 0, CPU_IN_NONE);
	fx_steps(f, 2);
	assert_int_equal(cpu_reg(f->m, REG_a0), 0);
	assert_true(f->getc_calls >= 1);
}

/* A store to POWER stops the machine with CPU_STOP_POWEROFF, the stored value
 * as exit status, and a CPU_EV_STOP event naming the store's pc. */
static void test_power(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		LUI_DEV(REG_t0),				/* 0: lui t0, 0xF000 */
		insn_enc_i(OP_ADDI, REG_a0, REG_zero, 42),	/* 4: addi a0, zero, 42 */
		DEV_SW(REG_a0, POWER),				/* 8: sw a0, POWER(t0) */
		NOP,
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	fx_expect_stop(f, CPU_STOP_POWEROFF, 42, FX_KCODE + 8);
}

/* The trace port: TRACE_PID and TRACE_ARG0/1 read back what was written;
 * a write to TRACE_EVENT gives the hook a CPU_EV_OS with the code, the
 * arguments, the pid and the store's pc; later hardware events carry the
 * pid too, and cpu_pid reports it. */
static void test_trace_port(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		LUI_DEV(REG_t0),				/*  0: lui t0, 0xF000 */
		insn_enc_i(OP_ADDI, REG_a0, REG_zero, 7),	/*  4: addi a0, zero, 7 */
		DEV_SW(REG_a0, TRACE_PID),			/*  8: sw a0, TRACE_PID(t0) */
		insn_enc_i(OP_ADDI, REG_a1, REG_zero, 11),	/* 12: addi a1, zero, 11 */
		DEV_SW(REG_a1, TRACE_ARG0),			/* 16: sw a1, TRACE_ARG0(t0) */
		insn_enc_i(OP_ADDI, REG_a2, REG_zero, 22),	/* 20: addi a2, zero, 22 */
		DEV_SW(REG_a2, TRACE_ARG1),			/* 24: sw a2, TRACE_ARG1(t0) */
		insn_enc_i(OP_ADDI, REG_a3, REG_zero, OSEV_SWITCH),	/* 28: addi a3, zero, OSEV_SWITCH */
		DEV_SW(REG_a3, TRACE_EVENT),			/* 32: sw a3, TRACE_EVENT(t0) */
		DEV_LW(REG_s0, TRACE_PID),			/* 36: lw s0, TRACE_PID(t0) */
		DEV_LW(REG_s1, TRACE_ARG0),			/* 40: lw s1, TRACE_ARG0(t0) */
		DEV_LW(REG_s2, TRACE_ARG1),			/* 44: lw s2, TRACE_ARG1(t0) */
		insn_enc_n(OP_BREAK),				/* 48: break */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	fx_steps(f, 12);
	const struct cpu_event *ev = NULL;
	assert_int_equal(fx_count(f, 0, CPU_EV_OS, &ev), 1);
	assert_int_equal(ev->code, OSEV_SWITCH);
	assert_int_equal(ev->arg0, 11);
	assert_int_equal(ev->arg1, 22);
	assert_int_equal(ev->pid, 7);
	assert_int_equal(ev->pc, FX_KCODE + 32);
	assert_int_equal(cpu_reg(f->m, REG_s0), 7);
	assert_int_equal(cpu_reg(f->m, REG_s1), 11);
	assert_int_equal(cpu_reg(f->m, REG_s2), 22);
	assert_int_equal(cpu_pid(f->m), 7);
	fx_expect_trap(f, OP_BREAK, TRAP_BREAKPOINT, FX_KCODE + 52, 0);
	assert_int_equal(fx_count(f, 0, CPU_EV_TRAP, &ev), 1);
	assert_int_equal(ev->pid, 7);
}

/* A hook returning nonzero for CPU_EV_OS stops cpu_run right after the store
 * to TRACE_EVENT. */
static void test_hook_stops_on_os_event(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		LUI_DEV(REG_t0),				/* 0: lui t0, 0xF000 */
		insn_enc_i(OP_ADDI, REG_a0, REG_zero, OSEV_NOTE),	/* 4: addi a0, zero, OSEV_NOTE */
		DEV_SW(REG_a0, TRACE_EVENT),			/* 8: sw a0, TRACE_EVENT(t0) */
		NOP, NOP,
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	f->stop_on = CPU_EV_OS;
	assert_int_equal(cpu_run(f->m, 100), CPU_STOP_HOOK);
	assert_int_equal(cpu_pc(f->m), FX_KCODE + 12);
	assert_int_equal(cpu_instret(f->m), 3);
}

/* Device accesses other than a word load of a readable register or a word
 * store to a writable one are bus errors (misaligned words: MISALIGNED,
 * checked first), with FADDR = the address, and have no effect: nothing
 * printed, no power-off, no input consumed. */
static void test_device_bad_access(void **state)
{
	struct fx *f = *state;
	static const struct {
		uint8_t op;
		uint32_t off;
		unsigned cause;
	} rows[] = {
		{ OP_LB, DEVREG_CONS_STATUS, TRAP_BUS },
		{ OP_LBU, DEVREG_CONS_IN, TRAP_BUS },
		{ OP_LH, DEVREG_CONS_STATUS, TRAP_BUS },
		{ OP_LHU, DEVREG_TRACE_PID, TRAP_BUS },
		{ OP_SB, DEVREG_CONS_OUT, TRAP_BUS },
		{ OP_SH, DEVREG_CONS_OUT, TRAP_BUS },
		{ OP_SB, DEVREG_POWER, TRAP_BUS },
		{ OP_SH, DEVREG_POWER, TRAP_BUS },
		{ OP_LW, DEVREG_CONS_OUT, TRAP_BUS },		/* write-only */
		{ OP_LW, DEVREG_POWER, TRAP_BUS },
		{ OP_LW, DEVREG_TRACE_EVENT, TRAP_BUS },
		{ OP_SW, DEVREG_CONS_STATUS, TRAP_BUS },	/* read-only */
		{ OP_SW, DEVREG_CONS_IN, TRAP_BUS },
		{ OP_LW, 4 * DEV_COUNT, TRAP_BUS },		/* past the last register */
		{ OP_SW, 4 * DEV_COUNT, TRAP_BUS },
		{ OP_LW, 0x1000, TRAP_BUS },
		{ OP_SW, 0x0FFFFFFC, TRAP_BUS },		/* 0xFFFFFFFC */
		{ OP_LW, DEVREG_CONS_IN + 2, TRAP_MISALIGNED },
		{ OP_SH, DEVREG_POWER + 1, TRAP_MISALIGNED },
	};
	for (unsigned i = 0; i < N_ELEMS(rows); i++) {
		bool store = isa_by_opcode(rows[i].op)->form == FORM_ST;
		uint32_t prog[] = {
			NOP,
			insn_enc_i(rows[i].op, store ? REG_a1 : REG_a0, REG_a2, 0),	/* 4: op r, 0(a2) */
		};
		fx_kernel(f, prog, N_ELEMS(prog));
		fx_input(f, "z", 1, CPU_IN_EOF);
		cpu_set_reg(f->m, REG_a1, 'q');
		cpu_set_reg(f->m, REG_a2, DEV_BASE + rows[i].off);
		fx_steps(f, 1);
		fx_expect_trap(f, rows[i].op, rows[i].cause, FX_KCODE + 4, DEV_BASE + rows[i].off);
		assert_int_equal(f->nout, 0);
		assert_int_equal(f->getc_calls, 0);
	}
	/* the one input byte is still there */
	uint32_t prog[] = { LUI_DEV(REG_t0), DEV_LW(REG_a0, CONS_STATUS), DEV_LW(REG_a0, CONS_IN) };
	fx_kernel(f, prog, N_ELEMS(prog));
	fx_steps(f, 3);
	assert_int_equal(cpu_reg(f->m, REG_a0), 'z');
}

/* User mode cannot name a device: DEV_BASE is outside any ordinary bound
 * (PROTECTION), and with BOUND = 0xFFFFFFFF it is BASE + v, past RAM (BUS);
 * either way nothing is printed and the machine does not power off. */
static void test_user_cannot_reach_devices(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_SW, REG_a0, REG_a1, DEVREG_CONS_OUT),	/* 0: sw a0, CONS_OUT(a1) */
		insn_enc_i(OP_SW, REG_a0, REG_a1, DEVREG_POWER),	/* 4: sw a0, POWER(a1) */
	};
	for (int wide = 0; wide <= 1; wide++) {
		unsigned cause = wide ? TRAP_BUS : TRAP_PROTECTION;
		fx_user_at(f, FX_UBASE, wide ? 0xFFFFFFFF : FX_UBOUND, prog, N_ELEMS(prog));
		cpu_set_reg(f->m, REG_a0, 'u');
		cpu_set_reg(f->m, REG_a1, DEV_BASE);
		fx_expect_trap(f, OP_SW, cause, 0, DEV_BASE + DEVREG_CONS_OUT);
		cpu_set_cr(f->m, CR_STATUS, STATUS_UM);
		cpu_set_pc(f->m, 4);
		fx_expect_trap(f, OP_SW, cause, 4, DEV_BASE + DEVREG_POWER);
	}
	assert_int_equal(f->nout, 0);
}

/* The console interrupt is level-triggered: pending while a byte waits
 * (made so by cpu_console_poll), not cleared by taking it, so a handler that
 * does not read CONS_IN is interrupted again right after its iret; reading
 * CONS_IN clears it.  Polling with a byte already waiting asks nothing. */
static void test_console_interrupt_level(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = { NOP, NOP };
	fx_put32(f, FX_HANDLER(TRAP_CONSOLE), IRET);		/* iret */
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_cr(f->m, CR_STATUS, STATUS_IE);
	fx_input(f, "k", 1, CPU_IN_NONE);
	cpu_console_poll(f->m);
	cpu_console_poll(f->m);
	assert_int_equal(f->getc_calls, 1);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), 1u << TRAP_CONSOLE);
	fx_expect_trap(f, -1, TRAP_CONSOLE, FX_KCODE, 0);
	assert_int_equal(cpu_cr(f->m, CR_PENDING), 1u << TRAP_CONSOLE);
	fx_steps(f, 1);						/* iret */
	fx_expect_trap(f, -1, TRAP_CONSOLE, FX_KCODE, 0);

	uint32_t reader[] = {
		LUI_DEV(REG_t0),				/* lui t0, 0xF000 */
		DEV_LW(REG_a0, CONS_IN),			/* lw a0, CONS_IN(t0) */
		IRET,						/* iret */
	};
	fx_put(f, FX_HANDLER(TRAP_CONSOLE), reader, N_ELEMS(reader));
	fx_steps(f, 3);
	assert_int_equal(cpu_reg(f->m, REG_a0), 'k');
	assert_int_equal(cpu_cr(f->m, CR_PENDING), 0);
	assert_int_equal(cpu_pc(f->m), FX_KCODE);
	fx_steps(f, 2);
}

int cpu_tests_devices(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_cons_out),
		FX_TEST(test_cons_in),
		FX_TEST(test_power),
		FX_TEST(test_trace_port),
		FX_TEST(test_hook_stops_on_os_event),
		FX_TEST(test_device_bad_access),
		FX_TEST(test_user_cannot_reach_devices),
		FX_TEST(test_console_interrupt_level),
	};
	return cmocka_run_group_tests_name("cpu_devices", tests, NULL, NULL);
}
