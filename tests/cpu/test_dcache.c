/*
 * test_dcache.c - the decode cache's bound (src/cpu/cpu.c, dc_reserve()):
 * code spread over all of a 1 GiB RAM runs right while the cache, by its
 * own accounting (cpu_dcache_stats), never holds more than its limit, far
 * below the twice RAM that one entry per word would take; a cache that
 * fills up empties in the middle of a run without breaking the fence or a
 * fused group whose members lie in two of its pages.
 *
 * In test_cpu the limit is the real one; test_cpu_portable builds the
 * cache with the least limit there is (three pages), so that these tests,
 * and every other CPU test, run through its evictions all the time.
 */
#include <string.h>
#include <unistd.h>

#include "cpu_fixture.h"

static void put32(struct cpu *m, uint32_t paddr, uint32_t w)
{
	assert_true(cpu_write(m, paddr, &w, 4));
}

/* A site every SP_STEP bytes of a 1 GiB RAM from SP_STEP on: each its own
 * page of the cache, 8191 pages, more than any limit below 32 MiB. */
enum { SP_MEM = MEM_MAX, SP_STEP = 128u << 10, SP_SITES = SP_MEM / SP_STEP - 1 };

/* Sites of `addi a1, a1, 1; j next site` over all of RAM, the last one
 * halting, run twice from the first: a1 counts every site both times.  The
 * cache held at most its limit meanwhile, and emptied to stay there. */
static void test_sparse_code_stays_bounded(void **state)
{
	(void)state;
	struct cpu *m = cpu_new(SP_MEM);
	assert_non_null(m);
	for (uint32_t i = 0; i < SP_SITES; i++) {
		uint32_t at = SP_STEP + i * SP_STEP;
		put32(m, at, ADDI(REG_a1, REG_a1, 1));
		put32(m, at + 4, i + 1 < SP_SITES ? JUMP(at + 4, at + SP_STEP) : HALT);
	}
	struct cpu_dcache_stats st;
	for (int pass = 0; pass < 2; pass++) {	/* pass 1: after the cache emptied */
		cpu_set_reg(m, REG_a1, 0);
		cpu_set_pc(m, SP_STEP);
		assert_int_equal(cpu_run(m, 4 * SP_SITES), CPU_STOP_HALT);
		assert_int_equal(cpu_reg(m, REG_a1), SP_SITES);
		cpu_dcache_stats(m, &st);
		assert_true(st.bytes > 0);
		assert_true(st.bytes <= st.limit);
		assert_true(st.peak <= st.limit);
		assert_true(st.flushes >= (uint64_t)pass + 1);
	}
	assert_true(st.limit <= SP_MEM / 16);	/* against 2 GiB without a bound */

	/* The host's view of RAM may have changed code: every entry goes,
	 * and the cache holds nothing until code runs again. */
	(void)cpu_mem(m);
	assert_int_equal(cpu_run(m, 0), CPU_STOP_BUDGET);
	cpu_dcache_stats(m, &st);
	assert_int_equal(st.bytes, 0);
	cpu_free(m);
}

/* A loop whose step is a fused triple (lw, addi, bne) with its head the
 * last entry of one page of the cache and its other members in the next,
 * and whose body lies in a third page: with the least limit, the cache
 * empties on every way in and out of the group, with the fence up.  The
 * loop still adds up every word. */
static void test_group_across_pages_survives_flushes(void **state)
{
	struct fx *f = *state;
	/* A page of the cache holds the entries of half a host page of code. */
	uint32_t half = (uint32_t)sysconf(_SC_PAGESIZE) / 2, b = half > 0x2000 ? half : 0x2000;
	const uint32_t far = FX_KCODE + 16;
	const uint32_t prog[] = {
		ADDI(REG_t0, REG_zero, FX_KDATA),		/* 0: t0 = data */
		ADDI(REG_t1, REG_zero, FX_KDATA + 32),		/* 4: t1 = its end */
		ADDI(REG_a2, REG_zero, 0),			/* 8 */
		JUMP(FX_KCODE + 12, b - 4),			/* 12: j group */
		insn_enc_r(OP_ADD, REG_a2, REG_a2, REG_a1),	/* 16: far: add a2, a2, a1 */
		JUMP(far + 4, b - 4),				/* 20: j group */
	};
	const uint32_t group[] = {
		insn_enc_i(OP_LW, REG_a1, REG_t0, 0),		/* b - 4: lw a1, 0(t0)   } triple */
		ADDI(REG_t0, REG_t0, 4),			/* b:     addi t0, t0, 4 } */
		insn_enc_i(OP_BNE, REG_t0, REG_t1, ((far - (b + 4)) / 4) & 0xFFFF),	/* bne -> far } */
		insn_enc_r(OP_ADD, REG_a2, REG_a2, REG_a1),	/* b + 8 */
		HALT,						/* b + 12 */
	};
	assert_true(b + 16 <= FX_MEM);
	for (unsigned i = 0; i < 8; i++)
		fx_put32(f, FX_KDATA + 4 * i, 1u << i);
	fx_put(f, b - 4, group, N_ELEMS(group));
	fx_kernel(f, prog, N_ELEMS(prog));
	assert_int_equal(cpu_run(f->m, 1000), CPU_STOP_HALT);
	assert_int_equal(cpu_reg(f->m, REG_a2), 255);
	struct cpu_dcache_stats st;
	cpu_dcache_stats(f->m, &st);
	assert_true(st.peak <= st.limit);
	if (st.limit < 4 * (size_t)sysconf(_SC_PAGESIZE))	/* the least limit: it emptied */
		assert_true(st.flushes >= 8);
}

/* User code that hops through the pages of its window, then runs in a
 * straight line off the window's end: with the least limit the cache
 * empties on the way, and the fence past the window must be back in place
 * to make the fetch at the bound a protection fault. */
static void test_fence_survives_flushes(void **state)
{
	struct fx *f = *state;
	const uint32_t hops[] = { 0x0, 0x800, 0x1000, 0x1800 }, tail = FX_UBOUND - 8;
	const uint32_t first[] = { ADDI(REG_a1, REG_zero, 0), JUMP(4, hops[1]) };
	fx_user(f, first, N_ELEMS(first));
	for (unsigned i = 1; i < N_ELEMS(hops); i++) {
		uint32_t to = i + 1 < N_ELEMS(hops) ? hops[i + 1] : tail;
		fx_put32(f, FX_UBASE + hops[i], ADDI(REG_a1, REG_a1, 1));
		fx_put32(f, FX_UBASE + hops[i] + 4, JUMP(hops[i] + 4, to));
	}
	fx_put32(f, FX_UBASE + tail, ADDI(REG_a1, REG_a1, 1));
	fx_put32(f, FX_UBASE + tail + 4, ADDI(REG_a1, REG_a1, 1));
	assert_int_equal(cpu_run(f->m, 1000), CPU_STOP_HALT);	/* the handler's halt */
	const struct cpu_event *ev = NULL;
	assert_int_equal(fx_count(f, 0, CPU_EV_TRAP, &ev), 1);
	assert_int_equal(ev->cause, TRAP_PROTECTION);
	assert_int_equal(ev->faddr, FX_UBOUND);
	assert_int_equal(ev->pc, FX_UBOUND);
	assert_int_equal(cpu_reg(f->m, REG_a1), 5);
}

int cpu_tests_dcache(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sparse_code_stays_bounded),
		FX_TEST(test_group_across_pages_survives_flushes),
		FX_TEST(test_fence_survives_flushes),
	};
	return cmocka_run_group_tests_name("dcache", tests, NULL, NULL);
}
