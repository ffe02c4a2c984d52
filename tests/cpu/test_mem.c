/*
 * test_mem.c - loads and stores (isa.def "Loads and stores" rows) and the
 * memory checks every access goes through: sign/zero extension, byte order,
 * base/bound in user mode (the last valid byte, the first invalid one, a word
 * straddling a bound that is not a multiple of 4, bound 0, 32-bit wrap),
 * alignment before bound before RAM, RAM end in both modes, and fetch.
 */
#include <string.h>

#include "cpu_fixture.h"

static unsigned access_size(unsigned op)
{
	switch (op) {
	case OP_LB: case OP_LBU: case OP_SB: return 1;
	case OP_LH: case OP_LHU: case OP_SH: return 2;
	case OP_LW: case OP_SW: return 4;
	}
	fail_msg("no access size for opcode 0x%02x: add it here", op);
	return 0;
}

static bool is_store(unsigned op)
{
	return isa_by_opcode(op)->form == FORM_ST;
}

/* op a0, imm(a1) for a load; op a2, imm(a1) for a store. */
static uint32_t mem_word(unsigned op, uint32_t imm)
{
	return insn_enc_i(op, is_store(op) ? REG_a2 : REG_a0, REG_a1, imm);
}

/* Set the mode up again after a trap: user mode at pc, sp FX_USP. */
static void user_again(struct fx *f, uint32_t pc)
{
	cpu_set_cr(f->m, CR_STATUS, STATUS_UM | STATUS_IE);
	cpu_set_reg(f->m, REG_sp, FX_USP);
	cpu_set_pc(f->m, pc);
}

/* ---- Semantics -------------------------------------------------------- */

static const uint8_t data8[8] = { 0x80, 0x01, 0xFE, 0x7F, 0x01, 0x02, 0x03, 0x84 };

struct load_case {
	uint8_t op;
	uint8_t off;	/* into data8 */
	uint32_t want;
};
static const struct load_case load_cases[] = {
	{ OP_LB, 0, 0xFFFFFF80 },	/* sign-extended */
	{ OP_LB, 3, 0x0000007F },
	{ OP_LB, 2, 0xFFFFFFFE },
	{ OP_LBU, 0, 0x00000080 },	/* zero-extended */
	{ OP_LBU, 2, 0x000000FE },
	{ OP_LH, 0, 0x00000180 },	/* little-endian: 0x80 is the low byte */
	{ OP_LH, 2, 0x00007FFE },
	{ OP_LH, 6, 0xFFFF8403 },	/* sign-extended */
	{ OP_LHU, 6, 0x00008403 },	/* zero-extended */
	{ OP_LHU, 0, 0x00000180 },
	{ OP_LW, 0, 0x7FFE0180 },
	{ OP_LW, 4, 0x84030201 },
};

/* Every load reads the right bytes with the right extension, in kernel mode
 * (physical) and in user mode (BASE + virtual), with a negative offset and
 * with a positive one; only rd changes. */
static void test_load_results(void **state)
{
	struct fx *f = *state;
	for (unsigned i = 0; i < N_ELEMS(load_cases); i++) {
		const struct load_case *c = &load_cases[i];
		cov_insn(c->op);
		for (int user = 0; user <= 1; user++) {
			for (int neg = 0; neg <= 1; neg++) {
				/* data at 0x3000: physical in kernel mode, virtual
				 * 0x1000 (physical FX_UBASE + 0x1000) in user mode */
				uint32_t v = user ? 0x1000 : FX_KDATA;
				uint32_t phys = user ? FX_UBASE + v : v;
				uint32_t base = neg ? v + 0x108 : v - 0x100;
				uint32_t imm = (neg ? -0x108u : 0x100u) + c->off;
				uint32_t w = mem_word(c->op, imm);	/* op a0, imm(a1) */
				assert_true(cpu_write(f->m, phys, data8, sizeof data8));
				fx_load(f, user, &w, 1);
				cpu_set_reg(f->m, REG_a0, 0x5A5A5A5A);
				cpu_set_reg(f->m, REG_a1, base);
				fx_steps(f, 1);
				assert_int_equal(cpu_pc(f->m), 4 + (user ? 0 : FX_KCODE));
				assert_int_equal(cpu_reg(f->m, REG_a1), base);
				if (cpu_reg(f->m, REG_a0) != c->want)
					fail_msg("row %u (%s, %s): got 0x%08x want 0x%08x", i,
						 isa_by_opcode(c->op)->mnemonic, user ? "user" : "kernel",
						 cpu_reg(f->m, REG_a0), c->want);
			}
		}
	}
}

/* Stores write exactly their bytes, low byte first, and nothing around them,
 * in both modes. */
static void test_store_results(void **state)
{
	struct fx *f = *state;
	static const struct {
		uint8_t op, off;
		uint8_t want[8];
	} cases[] = {
		{ OP_SB, 1, { 0xEE, 0x78, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE } },
		{ OP_SB, 7, { 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0x78 } },
		{ OP_SH, 2, { 0xEE, 0xEE, 0x78, 0x56, 0xEE, 0xEE, 0xEE, 0xEE } },
		{ OP_SH, 6, { 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0x78, 0x56 } },
		{ OP_SW, 4, { 0xEE, 0xEE, 0xEE, 0xEE, 0x78, 0x56, 0x34, 0x12 } },
		{ OP_SW, 0, { 0x78, 0x56, 0x34, 0x12, 0xEE, 0xEE, 0xEE, 0xEE } },
	};
	for (unsigned i = 0; i < N_ELEMS(cases); i++) {
		cov_insn(cases[i].op);
		for (int user = 0; user <= 1; user++) {
			uint32_t v = user ? 0x1000 : FX_KDATA;
			uint32_t phys = user ? FX_UBASE + v : v;
			uint8_t buf[16];
			memset(buf, 0xEE, sizeof buf);
			assert_true(cpu_write(f->m, phys - 4, buf, sizeof buf));
			/* op a2, -4(a1) */
			uint32_t w = mem_word(cases[i].op, (uint32_t)cases[i].off - 4u);
			fx_load(f, user, &w, 1);
			cpu_set_reg(f->m, REG_a1, v + 4);
			cpu_set_reg(f->m, REG_a2, 0x12345678);
			fx_steps(f, 1);
			assert_true(cpu_read(f->m, phys - 4, buf, sizeof buf));
			static const uint8_t ee[4] = { 0xEE, 0xEE, 0xEE, 0xEE };
			assert_memory_equal(buf, ee, 4);
			assert_memory_equal(buf + 4, cases[i].want, 8);
			assert_memory_equal(buf + 12, ee, 4);
			assert_int_equal(cpu_reg(f->m, REG_a2), 0x12345678);
		}
	}
}

/* A load may overwrite its own base register; a load into r0 is dropped;
 * storing r0 stores zero. */
static void test_load_store_registers(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_LW, REG_a1, REG_a1, 0),		/* lw a1, 0(a1) */
		insn_enc_i(OP_LW, REG_zero, REG_a2, 0),		/* lw zero, 0(a2) */
		insn_enc_i(OP_SW, REG_zero, REG_a2, 4),		/* sw zero, 4(a2) */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	fx_put32(f, FX_KDATA, 0xCAFEBABE);
	fx_put32(f, FX_KDATA + 4, 0xFFFFFFFF);
	cpu_set_reg(f->m, REG_a1, FX_KDATA);
	cpu_set_reg(f->m, REG_a2, FX_KDATA);
	fx_steps(f, 3);
	assert_int_equal(cpu_reg(f->m, REG_a1), 0xCAFEBABE);
	assert_int_equal(cpu_reg(f->m, REG_zero), 0);
	assert_int_equal(fx_get32(f, FX_KDATA + 4), 0);
}

/* ---- Faults: every load and store, both modes ------------------------- */

struct window {
	uint32_t base, bound;
};

/* One access that must fault: effective address addr, in kernel mode
 * (win NULL) or user mode in window win.  The word is op reg, -4(a1). */
static void expect_access_fault(struct fx *f, unsigned op, const struct window *win,
				uint32_t addr, unsigned cause)
{
	uint32_t w = mem_word(op, 0xFFFC);
	if (win)
		fx_user_at(f, win->base, win->bound, &w, 1);
	else
		fx_kernel(f, &w, 1);
	cpu_set_reg(f->m, REG_a0, 0x5A5A5A5A);
	cpu_set_reg(f->m, REG_a1, addr + 4);
	cpu_set_reg(f->m, REG_a2, 0x11223344);
	uint32_t pc = cpu_pc(f->m);
	fx_expect_trap(f, (int)op, cause, pc, addr);
	assert_int_equal(f->nout, 0);		/* never reached a device */
}

/* For every load and store of isa.def: kernel mode past RAM, between RAM and
 * the devices and at the top of the address space (v + n wraps) is BUS;
 * user mode at and beyond the bound (also when v + n wraps) is PROTECTION;
 * a window past the end of RAM or whose BASE + v wraps is BUS; a misaligned
 * address is MISALIGNED before the bound or bus checks.  FADDR is the
 * (virtual) data address, the pushed pc the instruction's, and nothing
 * changes (fx_expect_trap). */
static void test_access_faults(void **state)
{
	struct fx *f = *state;
	const struct window std = { FX_UBASE, FX_UBOUND };
	const struct window high = { FX_MEM - 0x1000, 0x2000 };	/* ends past RAM */
	const struct window all = { FX_UBASE, 0xFFFFFFFF };
	for (unsigned i = 0; i < ISA_COUNT; i++) {
		const struct isa_insn *in = &isa_insns[i];
		if (!(in->flags & F_MEM) || (in->flags & F_PRIV))
			continue;
		unsigned op = in->opcode, n = access_size(op);

		expect_access_fault(f, op, NULL, FX_MEM, TRAP_BUS);
		expect_access_fault(f, op, NULL, 0x80000000, TRAP_BUS);
		expect_access_fault(f, op, NULL, 0u - n, TRAP_BUS);

		expect_access_fault(f, op, &std, FX_UBOUND, TRAP_PROTECTION);
		expect_access_fault(f, op, &std, 0x10000000, TRAP_PROTECTION);
		expect_access_fault(f, op, &std, 0u - n, TRAP_PROTECTION);
		expect_access_fault(f, op, &all, 0u - n, TRAP_PROTECTION);

		expect_access_fault(f, op, &high, 0x1000, TRAP_BUS);
		expect_access_fault(f, op, &high, 0x2000 - n, TRAP_BUS);
		expect_access_fault(f, op, &high, 0x2000, TRAP_PROTECTION);
		/* BASE + v is 0x3000 in 32 bits: must not reach that RAM */
		expect_access_fault(f, op, &all, 0xFFFFF000, TRAP_BUS);
		expect_access_fault(f, op, &all, DEV_BASE, TRAP_BUS);

		for (uint32_t mis = 1; mis < n; mis++) {
			expect_access_fault(f, op, NULL, FX_KDATA + mis, TRAP_MISALIGNED);
			expect_access_fault(f, op, NULL, FX_MEM + mis, TRAP_MISALIGNED);
			expect_access_fault(f, op, &std, 0x1000 + mis, TRAP_MISALIGNED);
			expect_access_fault(f, op, &std, FX_UBOUND + mis, TRAP_MISALIGNED);
			expect_access_fault(f, op, &high, 0x1000 + mis, TRAP_MISALIGNED);
		}
	}
}

/* The last bytes of RAM are reachable in kernel mode and, through a window
 * that ends exactly at the end of RAM, in user mode. */
static void test_ram_end_valid(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_SW, REG_a2, REG_a1, 0xFFFC),	/* sw a2, -4(a1) */
		insn_enc_i(OP_LBU, REG_a0, REG_a1, 0xFFFF),	/* lbu a0, -1(a1) */
		insn_enc_i(OP_LHU, REG_a3, REG_a1, 0xFFFE),	/* lhu a3, -2(a1) */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a1, FX_MEM);
	cpu_set_reg(f->m, REG_a2, 0xA1B2C3D4);
	fx_steps(f, 3);
	assert_int_equal(fx_get32(f, FX_MEM - 4), 0xA1B2C3D4);
	assert_int_equal(cpu_reg(f->m, REG_a0), 0xA1);
	assert_int_equal(cpu_reg(f->m, REG_a3), 0xA1B2);

	fx_user_at(f, FX_MEM - 0x1000, 0x1000, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a1, 0x1000);
	cpu_set_reg(f->m, REG_a2, 0x01020304);
	fx_steps(f, 3);
	assert_int_equal(fx_get32(f, FX_MEM - 4), 0x01020304);
	assert_int_equal(cpu_reg(f->m, REG_a0), 0x01);
	assert_int_equal(cpu_reg(f->m, REG_a3), 0x0102);
}

/* BOUND 0x2002 (not a multiple of 4): the halfword at 0x2000 and the byte at
 * 0x2001 are the last valid ones, the byte at 0x2002 the first invalid one;
 * the word at 0x2000 straddles the bound and faults for load and store
 * (the store writing nothing), and so does fetching it. */
static void test_bound_edges(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_ADDI, REG_t0, REG_zero, 0x2000),	/*  0: addi t0, zero, 0x2000 */
		insn_enc_i(OP_LH, REG_a0, REG_t0, 0),		/*  4: lh a0, 0(t0) */
		insn_enc_i(OP_LB, REG_a1, REG_t0, 1),		/*  8: lb a1, 1(t0) */
		insn_enc_i(OP_LW, REG_a2, REG_t0, 0xFFFC),	/* 12: lw a2, -4(t0) */
		insn_enc_i(OP_SB, REG_a1, REG_t0, 1),		/* 16: sb a1, 1(t0) */
		insn_enc_i(OP_LB, REG_a3, REG_t0, 2),		/* 20: lb a3, 2(t0) */
		insn_enc_i(OP_LW, REG_a3, REG_t0, 0),		/* 24: lw a3, 0(t0) */
		insn_enc_i(OP_SW, REG_a2, REG_t0, 0),		/* 28: sw a2, 0(t0) */
		insn_enc_i(OP_SH, REG_a2, REG_t0, 2),		/* 32: sh a2, 2(t0) */
	};
	fx_user_at(f, FX_UBASE, 0x2002, prog, N_ELEMS(prog));
	static const uint8_t edge[6] = { 0x11, 0x22, 0x33, 0x44, 0x34, 0x82 };
	assert_true(cpu_write(f->m, FX_UBASE + 0x1FFC, edge, sizeof edge));
	fx_steps(f, 5);
	assert_int_equal(cpu_reg(f->m, REG_a0), 0xFFFF8234);
	assert_int_equal(cpu_reg(f->m, REG_a1), 0xFFFFFF82);
	assert_int_equal(cpu_reg(f->m, REG_a2), 0x44332211);
	fx_expect_trap(f, OP_LB, TRAP_PROTECTION, 20, 0x2002);
	user_again(f, 24);
	fx_expect_trap(f, OP_LW, TRAP_PROTECTION, 24, 0x2000);
	user_again(f, 28);
	fx_expect_trap(f, OP_SW, TRAP_PROTECTION, 28, 0x2000);
	user_again(f, 32);
	fx_expect_trap(f, OP_SH, TRAP_PROTECTION, 32, 0x2002);
	/* fetch: the word at 0x1FFC is inside, the one at 0x2000 straddles */
	fx_put32(f, FX_UBASE + 0x1FFC, NOP);
	user_again(f, 0x1FFC);
	fx_steps(f, 1);
	fx_expect_trap(f, -1, TRAP_PROTECTION, 0x2000, 0x2000);
}

/* BOUND 4 is a one-word window: the program can read its own word and
 * nothing after it.  BOUND 0 leaves nothing, not even the fetch at 0. */
static void test_bound_tiny(void **state)
{
	struct fx *f = *state;
	uint32_t w = insn_enc_i(OP_LW, REG_a0, REG_zero, 0);	/* 0: lw a0, 0(zero) */
	fx_user_at(f, FX_UBASE, 4, &w, 1);
	fx_steps(f, 1);
	assert_int_equal(cpu_reg(f->m, REG_a0), w);
	fx_expect_trap(f, -1, TRAP_PROTECTION, 4, 4);	/* fetch at the bound */

	fx_user_at(f, FX_UBASE, 0, &w, 1);
	fx_expect_trap(f, -1, TRAP_PROTECTION, 0, 0);
}

/* Fetch faults push the pc itself and name it in FADDR: user mode outside
 * the bound is PROTECTION (also after a jump there), a user window past RAM
 * is BUS, kernel mode past RAM or at the devices is BUS. */
static void test_fetch_faults(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_JALR, REG_zero, REG_a1, 0),	/* 0: jalr zero, 0(a1) */
	};
	fx_user(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a1, 0x3000);
	fx_steps(f, 1);
	assert_int_equal(cpu_pc(f->m), 0x3000);
	fx_expect_trap(f, -1, TRAP_PROTECTION, 0x3000, 0x3000);

	fx_user_at(f, FX_MEM - 0x1000, 0x2000, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a1, 0x1000);
	fx_steps(f, 1);
	fx_expect_trap(f, -1, TRAP_BUS, 0x1000, 0x1000);

	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a1, FX_MEM);
	fx_steps(f, 1);
	fx_expect_trap(f, -1, TRAP_BUS, FX_MEM, FX_MEM);

	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_pc(f->m, DEV_BASE);
	fx_expect_trap(f, -1, TRAP_BUS, DEV_BASE, DEV_BASE);
	assert_int_equal(f->nout, 0);
}

/* BASE and BOUND take effect on the next access: a syscall handler that
 * moves BASE (mtcr) returns into the other window at the same virtual pc,
 * and so does a host write through cpu_set_cr while in user mode; a smaller
 * BOUND makes the next fetch fault. */
static void test_window_change(void **state)
{
	struct fx *f = *state;
	uint32_t handler[] = {
		insn_enc_i(OP_MTCR, 0, REG_s0, CR_BASE),	/* mtcr base, s0 */
		IRET,						/* iret */
	};
	fx_put(f, FX_HANDLER(TRAP_SYSCALL), handler, N_ELEMS(handler));
	uint32_t prog[] = {
		insn_enc_i(OP_LW, REG_a0, REG_zero, 0x800),	/*  0: lw a0, 0x800(zero) */
		insn_enc_n(OP_TRAP),				/*  4: trap */
		insn_enc_i(OP_LW, REG_a1, REG_zero, 0x800),	/*  8: lw a1, 0x800(zero) */
		insn_enc_i(OP_BEQ, REG_zero, REG_zero, 0),	/* 12: beq zero, zero, . */
	};
	fx_put(f, 0x6000, prog, N_ELEMS(prog));			/* the same code in window B */
	fx_put32(f, FX_UBASE + 0x800, 0xAAAA);
	fx_put32(f, 0x6000 + 0x800, 0xBBBB);
	fx_user_at(f, FX_UBASE, 0x1000, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_s0, 0x6000);
	assert_int_equal(cpu_run(f->m, 5), CPU_STOP_BUDGET);
	assert_int_equal(cpu_reg(f->m, REG_a0), 0xAAAA);
	assert_int_equal(cpu_reg(f->m, REG_a1), 0xBBBB);
	assert_int_equal(cpu_pc(f->m), 12);
	assert_true(cpu_user_mode(f->m));

	cpu_set_cr(f->m, CR_BASE, FX_UBASE);
	cpu_set_pc(f->m, 8);
	fx_steps(f, 1);
	assert_int_equal(cpu_reg(f->m, REG_a1), 0xAAAA);
	cpu_set_cr(f->m, CR_BOUND, 12);
	fx_expect_trap(f, -1, TRAP_PROTECTION, 12, 12);
}

/* A store over an instruction that already ran changes what runs next
 * time (no stale decoded copy), and so does the host writing code between
 * two runs, through cpu_write or the cpu_mem view. */
static void test_code_modification(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_ADDI, REG_a0, REG_a0, 1),		/*  0: again: addi a0, a0, 1 */
		insn_enc_i(OP_BNE, REG_s0, REG_zero, 4),	/*  4: bne s0, zero, done */
		insn_enc_i(OP_SW, REG_a1, REG_t1, 0),		/*  8: sw a1, 0(t1) */
		insn_enc_i(OP_ADDI, REG_s0, REG_zero, 1),	/* 12: addi s0, zero, 1 */
		insn_enc_j(OP_JAL, REG_zero, 0xFFFFC),		/* 16: jal zero, again */
		HALT,						/* 20: done: halt */
	};
	fx_kernel(f, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_t1, FX_KCODE);
	cpu_set_reg(f->m, REG_a1, insn_enc_i(OP_ADDI, REG_a0, REG_a0, 100));	/* addi a0, a0, 100 */
	fx_expect_stop(f, CPU_STOP_HALT, 101, FX_KCODE + 20);

	fx_restart(f);
	uint32_t loop[] = { insn_enc_i(OP_BEQ, REG_zero, REG_zero, 0) };	/* beq zero, zero, . */
	fx_kernel(f, loop, N_ELEMS(loop));
	assert_int_equal(cpu_run(f->m, 10), CPU_STOP_BUDGET);
	fx_put32(f, FX_KCODE, insn_enc_i(OP_ADDI, REG_a0, REG_zero, 9));	/* addi a0, zero, 9 */
	fx_put32(f, FX_KCODE + 4, HALT);
	fx_expect_stop(f, CPU_STOP_HALT, 9, FX_KCODE + 4);

	fx_restart(f);
	fx_kernel(f, loop, N_ELEMS(loop));
	assert_int_equal(cpu_run(f->m, 10), CPU_STOP_BUDGET);
	uint32_t h = HALT;
	uint8_t *ram = cpu_mem(f->m);
	for (unsigned i = 0; i < 4; i++)
		ram[FX_KCODE + i] = (uint8_t)(h >> 8 * i);
	cpu_set_reg(f->m, REG_a0, 4);
	fx_expect_stop(f, CPU_STOP_HALT, 4, FX_KCODE);
}

/* A user loop run by cpu_run (many instructions per call) stores words up
 * to the bound and faults exactly at the first word past it: the stores
 * before it landed, the faulting one did not, and it did not retire. */
static void test_user_run_into_bound(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_ADDI, REG_t0, REG_zero, 0x40),	/*  0: addi t0, zero, 0x40 */
		insn_enc_i(OP_ADDI, REG_t1, REG_zero, 7),	/*  4: addi t1, zero, 7 */
		insn_enc_i(OP_SW, REG_t1, REG_t0, 0),		/*  8: loop: sw t1, 0(t0) */
		insn_enc_i(OP_ADDI, REG_t0, REG_t0, 4),		/* 12: addi t0, t0, 4 */
		insn_enc_j(OP_JAL, REG_zero, 0xFFFFE),		/* 16: jal zero, loop */
	};
	fx_user_at(f, FX_UBASE, 0x100, prog, N_ELEMS(prog));
	assert_int_equal(cpu_run(f->m, 1000), CPU_STOP_HALT);	/* the handler's halt */
	const struct cpu_event *ev = NULL;
	assert_int_equal(fx_count(f, 0, CPU_EV_TRAP, &ev), 1);
	assert_int_equal(ev->cause, TRAP_PROTECTION);
	assert_int_equal(ev->faddr, 0x100);
	assert_int_equal(ev->pc, 8);
	assert_int_equal(ev->instret, 2 + 48 * 3);
	assert_int_equal(fx_get32(f, FX_UBASE + 0xFC), 7);
	assert_int_equal(fx_get32(f, FX_UBASE + 0x100), 0);
	assert_int_equal(cpu_reg(f->m, REG_t0), 0x100);
}

/* BASE is word-granular: its low 2 bits read as 0, by mtcr and by the
 * host alike, so physical = BASE + v is word-aligned whenever v is; a word
 * whose window ends past RAM is BUS. */
static void test_base_word_granular(void **state)
{
	struct fx *f = *state;
	uint32_t prog[] = {
		insn_enc_i(OP_LW, REG_a0, REG_zero, 0x100),	/* 0: lw a0, 0x100(zero) */
		insn_enc_i(OP_SW, REG_a0, REG_zero, 0x104),	/* 4: sw a0, 0x104(zero) */
		insn_enc_i(OP_LH, REG_a1, REG_zero, 0x106),	/* 8: lh a1, 0x106(zero) */
		insn_enc_i(OP_LW, REG_a2, REG_a3, 0),		/* 12: lw a2, 0(a3) */
	};
	fx_user_at(f, FX_UBASE + 3, 0x1000, prog, N_ELEMS(prog));
	assert_int_equal(cpu_cr(f->m, CR_BASE), FX_UBASE);
	/* The program ran from FX_UBASE + 3 in fx_user_at's copy: put it where
	 * the window really starts. */
	fx_put(f, FX_UBASE, prog, N_ELEMS(prog));
	fx_put32(f, FX_UBASE + 0x100, 0x89ABCDEF);
	fx_steps(f, 3);
	assert_int_equal(cpu_reg(f->m, REG_a0), 0x89ABCDEF);
	assert_int_equal(fx_get32(f, FX_UBASE + 0x104), 0x89ABCDEF);
	assert_int_equal(cpu_reg(f->m, REG_a1), 0xFFFF89AB);

	/* A window of 0x2000 bytes that starts 0x1000 before the end of RAM:
	 * the last word of RAM loads, the next word is a bus error. */
	fx_user_at(f, FX_MEM - 0x1000, 0x2000, prog, N_ELEMS(prog));
	cpu_set_reg(f->m, REG_a3, 0xFFC);
	cpu_set_pc(f->m, 12);
	fx_steps(f, 1);
	cpu_set_reg(f->m, REG_a3, 0x1000);
	cpu_set_pc(f->m, 12);
	fx_expect_trap(f, OP_LW, TRAP_BUS, 12, 0x1000);
}

/* The host's memory API: cpu_new accepts only MEM_MIN..MEM_MAX in whole
 * MEM_ALIGN pages; cpu_read/cpu_write refuse any range not wholly inside RAM
 * (also when addr + n wraps) and then touch nothing; cpu_mem is the same
 * bytes. */
static void test_memory_api(void **state)
{
	struct fx *f = *state;
	static const uint32_t bad[] = {
		0, MEM_MIN - MEM_ALIGN, MEM_MIN + 1, MEM_MIN + MEM_ALIGN / 2, MEM_MAX + MEM_ALIGN,
	};
	for (unsigned i = 0; i < N_ELEMS(bad); i++)
		assert_null(cpu_new(bad[i]));
	struct cpu *m = cpu_new(MEM_MIN + MEM_ALIGN);
	assert_non_null(m);
	assert_int_equal(cpu_mem_size(m), MEM_MIN + MEM_ALIGN);
	cpu_free(m);
	assert_int_equal(cpu_mem_size(f->m), FX_MEM);

	static const uint8_t four[4] = { 1, 2, 3, 4 };
	uint8_t got[4] = { 0 };
	assert_true(cpu_write(f->m, FX_MEM - 4, four, 4));
	assert_true(cpu_read(f->m, FX_MEM - 4, got, 4));
	assert_memory_equal(got, four, 4);
	assert_memory_equal(cpu_mem(f->m) + FX_MEM - 4, four, 4);
	static const uint8_t other[4] = { 9, 9, 9, 9 };
	assert_false(cpu_write(f->m, FX_MEM - 2, other, 4));
	assert_false(cpu_write(f->m, FX_MEM, other, 1));
	assert_false(cpu_write(f->m, 0xFFFFFFFE, other, 4));
	assert_memory_equal(cpu_mem(f->m) + FX_MEM - 4, four, 4);
	assert_int_equal(cpu_mem(f->m)[0], 0);
	assert_int_equal(cpu_mem(f->m)[1], 0);
	assert_false(cpu_read(f->m, FX_MEM - 2, got, 4));
	assert_false(cpu_read(f->m, 0xFFFFFFFF, got, 2));
}

int cpu_tests_mem(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_load_results),
		FX_TEST(test_store_results),
		FX_TEST(test_load_store_registers),
		FX_TEST(test_access_faults),
		FX_TEST(test_ram_end_valid),
		FX_TEST(test_bound_edges),
		FX_TEST(test_bound_tiny),
		FX_TEST(test_fetch_faults),
		FX_TEST(test_window_change),
		FX_TEST(test_code_modification),
		FX_TEST(test_user_run_into_bound),
		FX_TEST(test_base_word_granular),
		FX_TEST(test_memory_api),
	};
	return cmocka_run_group_tests_name("cpu_mem", tests, NULL, NULL);
}
