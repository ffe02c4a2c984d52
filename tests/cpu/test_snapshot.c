/*
 * test_snapshot.c - the machine's state for a debugger's history
 * (cpu_save_state, cpu_load_state, cpu_mem_view): a machine given back a
 * saved state and the RAM it had then runs on exactly as it ran the first
 * time, whatever was in flight (a timer half counted down, an interrupt
 * pending, a console byte latched, code it has overwritten since), and the
 * counters come back too.
 */
#include <stdlib.h>
#include <string.h>

#include "cpu_fixture.h"

enum {
	SN_DATA = 0x100,		/* user data (virtual) */
	SN_SYSCALL = 0x2000,		/* the handlers, in kernel code */
	SN_TIMER = 0x2100,
	SN_CONSOLE = 0x2200,
	SN_RUN = 700,			/* steps run after each save */
};

/*
 * A user loop that counts and stores, and makes a system call whose
 * handler latches a console byte (its interrupt waits for the iret) and
 * writes the byte read before into the loop's own code (the addi's
 * immediate: the code changes as the input comes); a timer every 7
 * instructions.
 */
static void sn_load(struct fx *f)
{
	const uint32_t user[] = {
		ADDI(REG_a1, REG_a1, 1),				/*  0: addi a1, a1, 1 */
		insn_enc_i(OP_SW, REG_a1, REG_zero, SN_DATA),		/*  4: sw a1, 0x100(zero) */
		insn_enc_n(OP_TRAP),					/*  8: trap */
		JUMP(12, 0),						/* 12: j 0 */
	};
	const uint32_t sys[] = {
		LUI_DEV(REG_t0),					/* lui t0, DEV_BASE */
		insn_enc_i(OP_LW, REG_t1, REG_t0, DEVREG_CONS_STATUS),	/* lw t1, CONS_STATUS(t0): latch a byte */
		insn_enc_i(OP_ANDI, REG_t1, REG_a2, 7),			/* andi t1, a2, 7 */
		insn_enc_i(OP_SLLI, REG_t1, REG_t1, 16),		/* slli t1, t1, 16 */
		insn_enc_i(OP_ORI, REG_t1, REG_t1, ADDI(REG_a1, REG_a1, 0)),	/* ori t1, t1, <addi a1, a1, 0> */
		insn_enc_i(OP_SW, REG_t1, REG_zero, FX_UBASE),		/* sw t1, FX_UBASE(zero): "addi a1, a1, t1" */
		IRET,							/* iret */
	};
	const uint32_t timer[] = {
		ADDI(REG_a3, REG_a3, 1),				/* addi a3, a3, 1 */
		IRET,							/* iret */
	};
	const uint32_t console[] = {
		LUI_DEV(REG_t0),					/* lui t0, DEV_BASE */
		insn_enc_i(OP_LW, REG_a2, REG_t0, DEVREG_CONS_IN),	/* lw a2, CONS_IN(t0) */
		IRET,							/* iret */
	};
	fx_put(f, SN_SYSCALL, sys, N_ELEMS(sys));
	fx_put(f, SN_TIMER, timer, N_ELEMS(timer));
	fx_put(f, SN_CONSOLE, console, N_ELEMS(console));
	fx_put32(f, FX_IVEC + 4 * TRAP_SYSCALL, SN_SYSCALL);
	fx_put32(f, FX_IVEC + 4 * TRAP_TIMER, SN_TIMER);
	fx_put32(f, FX_IVEC + 4 * TRAP_CONSOLE, SN_CONSOLE);
	fx_user(f, user, N_ELEMS(user));
	cpu_set_cr(f->m, CR_TPERIOD, 7);
	cpu_set_cr(f->m, CR_TIMER, 7);
}

static const char sn_input[] = "the quick brown fox jumps over the lazy dog";

struct sn_run {
	struct cpu_state st;
	uint8_t *ram;
	struct cpu_event ev[FX_MAX_EVENTS];
	unsigned nev;
	uint8_t out[64];
	unsigned nout;
	size_t in_pos;
};

/* Run SN_RUN steps (cpu_run in uneven budgets) and note everything. */
static void sn_record(struct fx *f, struct sn_run *r)
{
	f->nev = 0;	/* the fixture keeps FX_MAX_EVENTS */
	for (unsigned left = SN_RUN, k = 1; left; k = k * 3 % 17 + 1) {
		unsigned n = k < left ? k : left;
		assert_int_equal(cpu_run(f->m, n), CPU_STOP_BUDGET);
		left -= n;
	}
	cpu_save_state(f->m, &r->st);
	r->ram = malloc(FX_MEM);
	assert_non_null(r->ram);
	memcpy(r->ram, cpu_mem_view(f->m), FX_MEM);
	r->nev = f->nev;
	memcpy(r->ev, f->ev, r->nev * sizeof r->ev[0]);
	r->in_pos = f->in_pos;
}

/* Field by field: an event's padding is whatever the stack held. */
static void sn_same_event(const struct cpu_event *a, const struct cpu_event *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->instret, b->instret);
	assert_int_equal(a->pid, b->pid);
	assert_int_equal(a->cause, b->cause);
	assert_int_equal(a->pc, b->pc);
	assert_int_equal(a->insn_pc, b->insn_pc);
	assert_int_equal(a->faddr, b->faddr);
	assert_int_equal(a->handler, b->handler);
	assert_int_equal(a->status_before, b->status_before);
	assert_int_equal(a->status_after, b->status_after);
	assert_int_equal(a->code, b->code);
	assert_int_equal(a->arg0, b->arg0);
	assert_int_equal(a->arg1, b->arg1);
}

/* Saved at each of many points (timer mid-count, interrupts pending, a
 * byte latched): put back, the machine runs the same events to the same
 * state, RAM and registers, as the first time. */
static void test_restore_replays_exactly(void **state)
{
	struct fx *f = *state;
	sn_load(f);
	fx_input(f, sn_input, sizeof sn_input - 1, CPU_IN_EOF);
	uint8_t *saved_ram = malloc(FX_MEM);
	assert_non_null(saved_ram);
	bool saw_pending = false, saw_latched = false;
	for (unsigned point = 0; point < 40; point++) {
		assert_int_equal(cpu_run(f->m, point % 5 + 1), CPU_STOP_BUDGET);
		struct cpu_state saved;
		cpu_save_state(f->m, &saved);
		memcpy(saved_ram, cpu_mem_view(f->m), FX_MEM);
		size_t in_pos = f->in_pos;
		saw_pending |= saved.pending != 0;
		saw_latched |= saved.cons_ready;

		struct sn_run *first = calloc(1, sizeof *first), *again = calloc(1, sizeof *again);
		assert_non_null(first);
		assert_non_null(again);
		sn_record(f, first);

		/* Back to the saved point: state, RAM, and the console's script. */
		cpu_load_state(f->m, &saved);
		assert_true(cpu_write(f->m, 0, saved_ram, FX_MEM));
		f->in_pos = in_pos;
		struct cpu_state now;
		cpu_save_state(f->m, &now);
		assert_memory_equal(&now, &saved, sizeof now);
		sn_record(f, again);

		assert_int_equal(again->nev, first->nev);
		for (unsigned i = 0; i < first->nev; i++)
			sn_same_event(&again->ev[i], &first->ev[i]);
		assert_memory_equal(&again->st, &first->st, sizeof first->st);
		assert_memory_equal(again->ram, first->ram, FX_MEM);
		assert_int_equal(again->in_pos, first->in_pos);
		free(first->ram);
		free(again->ram);
		free(first);
		free(again);
	}
	assert_true(saw_pending);
	assert_true(saw_latched);
	assert_true(cpu_reg(f->m, REG_a3) > 0);	/* the timer fired */
	free(saved_ram);
}

/* The state read back is what the machine shows through its other doors,
 * and loading it into another machine makes the same machine. */
static void test_state_fields(void **state)
{
	struct fx *f = *state;
	sn_load(f);
	fx_input(f, sn_input, sizeof sn_input - 1, CPU_IN_EOF);
	assert_int_equal(cpu_run(f->m, 123), CPU_STOP_BUDGET);
	struct cpu_state s;
	cpu_save_state(f->m, &s);
	for (unsigned r = 0; r < REG_COUNT; r++)
		assert_int_equal(s.r[r], cpu_reg(f->m, r));
	for (unsigned c = 0; c < CR_COUNT; c++)
		assert_int_equal(s.cr[c], cpu_cr(f->m, c));
	assert_int_equal(s.pc, cpu_pc(f->m));
	assert_int_equal(s.instret, cpu_instret(f->m));
	assert_int_equal(s.trace_pid, cpu_pid(f->m));
	assert_memory_equal(&s.stats, cpu_stats(f->m), sizeof s.stats);

	struct cpu *other = cpu_new(FX_MEM);
	assert_non_null(other);
	cpu_load_state(other, &s);
	assert_true(cpu_write(other, 0, cpu_mem_view(f->m), FX_MEM));
	struct cpu_state t;
	cpu_save_state(other, &t);
	assert_memory_equal(&t, &s, sizeof s);
	assert_int_equal(cpu_user_mode(other), cpu_user_mode(f->m));
	/* Both run on alike (the other machine has no console: give the
	 * first none either from here). */
	fx_input(f, "", 0, CPU_IN_EOF);
	assert_int_equal(cpu_run(f->m, 300), CPU_STOP_BUDGET);
	assert_int_equal(cpu_run(other, 300), CPU_STOP_BUDGET);
	cpu_save_state(f->m, &s);
	cpu_save_state(other, &t);
	assert_memory_equal(&t, &s, sizeof s);
	assert_memory_equal(cpu_mem_view(other), cpu_mem_view(f->m), FX_MEM);
	cpu_free(other);
}

/* Reading RAM through cpu_mem_view costs the decode cache nothing (cpu_mem
 * forgets every decoded instruction). */
static void test_mem_view_keeps_decode_cache(void **state)
{
	struct fx *f = *state;
	sn_load(f);
	assert_int_equal(cpu_run(f->m, 50), CPU_STOP_BUDGET);
	struct cpu_dcache_stats before, after;
	cpu_dcache_stats(f->m, &before);
	assert_true(before.bytes > 0);
	assert_int_equal(cpu_mem_view(f->m)[FX_UBASE], (uint8_t)insn_enc_i(OP_ADDI, 0, 0, 0));
	assert_int_equal(cpu_run(f->m, 0), CPU_STOP_BUDGET);
	cpu_dcache_stats(f->m, &after);
	assert_int_equal(after.bytes, before.bytes);
}

int cpu_tests_snapshot(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_restore_replays_exactly),
		FX_TEST(test_state_fields),
		FX_TEST(test_mem_view_keeps_decode_cache),
	};
	return cmocka_run_group_tests_name("cpu_snapshot", tests, NULL, NULL);
}
