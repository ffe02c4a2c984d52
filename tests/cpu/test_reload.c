/*
 * test_reload.c - loading an image into a machine that has already run
 * (cpu_load_image): RAM and the decode cache start fresh, whatever the host
 * does with madvise.  A reloaded machine must be byte for byte a new one,
 * and no instruction decoded from the old image may run again.
 *
 * The same tests run in test_cpu (this host's way of zeroing) and in
 * test_cpu_portable (the memset way, with a madvise that keeps the bytes, as
 * macOS's and WebAssembly's do): see CMakeLists.txt.
 */
#include <stdlib.h>
#include <string.h>

#include "cpu_fixture.h"
#include "image.h"

enum { RL_MEM = MEM_MIN, RL_CODE = 0x1000, RL_DATA = 0x3000, RL_OLD = 0x2000, RL_HANDLER = 0x1800 };

/* A segment of n bytes of words at addr. */
static struct img_seg seg(uint32_t addr, const uint32_t *words, uint32_t n, uint32_t flags)
{
	return (struct img_seg){ .addr = addr, .filesz = n, .memsz = n, .flags = flags,
				 .data = (const uint8_t *)words };
}

/* Image A: writes RAM (RL_DATA and the last word of RAM) and runs code at
 * RL_OLD, which halts with 1. */
static uint8_t *image_a(size_t *len)
{
	const uint32_t code[] = {
		ADDI(REG_t1, REG_zero, 0x5A5),			/* 0x1000: addi t1, zero, 0x5A5 */
		insn_enc_i(OP_SW, REG_t1, REG_zero, RL_DATA),	/* 0x1004: sw t1, 0x3000(zero) */
		insn_enc_i(OP_SW, REG_t1, REG_sp, 0xFFFC),	/* 0x1008: sw t1, -4(sp): the top of RAM */
		JUMP(RL_CODE + 12, RL_OLD),			/* 0x100c: j 0x2000 */
	};
	const uint32_t old[] = {
		ADDI(REG_a0, REG_zero, 1),			/* 0x2000: addi a0, zero, 1 */
		HALT,						/* 0x2004: halt */
	};
	struct img_seg segs[] = {
		seg(RL_CODE, code, sizeof code, SEG_EXEC),
		seg(RL_OLD, old, sizeof old, SEG_EXEC),
	};
	struct img_desc d = { .entry = RL_CODE, .nsegs = 2, .segs = segs };
	return img_write(&d, len);
}

/* Image B: loads RL_DATA (0 in a fresh machine) into a0 and jumps to
 * RL_OLD, where it loads nothing: a fresh word 0 there is an illegal
 * instruction, and the trap's handler halts with a0. */
static uint8_t *image_b(size_t *len)
{
	uint32_t vectors[IVEC_ENTRIES];				/* 0x0000: every cause -> 0x1800 */
	for (unsigned c = 0; c < IVEC_ENTRIES; c++)
		vectors[c] = RL_HANDLER;
	const uint32_t code[] = {
		insn_enc_i(OP_LW, REG_a0, REG_zero, RL_DATA),	/* 0x1000: lw a0, 0x3000(zero) */
		JUMP(RL_CODE + 4, RL_OLD),			/* 0x1004: j 0x2000 */
	};
	const uint32_t handler[] = { HALT };			/* 0x1800: halt */
	struct img_seg segs[] = {
		seg(0, vectors, sizeof vectors, SEG_WRITE),
		seg(RL_CODE, code, sizeof code, SEG_EXEC),
		seg(RL_HANDLER, handler, sizeof handler, SEG_EXEC),
	};
	struct img_desc d = { .entry = RL_CODE, .nsegs = 3, .segs = segs };
	return img_write(&d, len);
}

struct rl {
	uint8_t *a, *b;
	size_t alen, blen;
	struct cpu *m;
	unsigned illegal;	/* TRAP_ILLEGAL entries seen by the hook */
	uint32_t illegal_pc;
};

static int count_illegal(void *ctx, const struct cpu_event *ev)
{
	struct rl *r = ctx;
	if (ev->kind == CPU_EV_TRAP && ev->cause == TRAP_ILLEGAL) {
		r->illegal++;
		r->illegal_pc = ev->insn_pc;
	}
	return 0;
}

static int rl_setup(void **state)
{
	struct rl *r = calloc(1, sizeof *r);
	if (!r)
		return -1;
	*state = r;
	r->a = image_a(&r->alen);
	r->b = image_b(&r->blen);
	r->m = cpu_new(RL_MEM);
	if (!r->a || !r->b || !r->m)
		return -1;
	cpu_set_hook(r->m, count_illegal, r);
	return 0;
}

static int rl_teardown(void **state)
{
	struct rl *r = *state;
	cpu_free(r->m);
	free(r->a);
	free(r->b);
	free(r);
	return 0;
}

/* Load image A and run it to its halt: it has written RAM and its code at
 * RL_OLD has been decoded and run. */
static void run_a(struct rl *r)
{
	char err[200];
	assert_int_equal(cpu_load_image(r->m, r->a, r->alen, NULL, err, sizeof err), 0);
	assert_int_equal(cpu_run(r->m, 100), CPU_STOP_HALT);
	assert_int_equal(cpu_exit_status(r->m), 1);
	uint32_t w = 0;
	assert_true(cpu_read(r->m, RL_DATA, &w, 4));
	assert_int_equal(w, 0x5A5);
}

/* RAM is byte for byte that of a new machine given the same image (or
 * none, len 0). */
static void assert_ram_fresh(struct rl *r, const uint8_t *image, size_t len)
{
	struct cpu *fresh = cpu_new(RL_MEM);
	assert_non_null(fresh);
	char err[200];
	if (len)
		assert_int_equal(cpu_load_image(fresh, image, len, NULL, err, sizeof err), 0);
	uint8_t *want = malloc(RL_MEM), *got = malloc(RL_MEM);
	assert_non_null(want);
	assert_non_null(got);
	assert_true(cpu_read(fresh, 0, want, RL_MEM));
	assert_true(cpu_read(r->m, 0, got, RL_MEM));
	for (uint32_t i = 0; i < RL_MEM; i++)
		if (got[i] != want[i])
			fail_msg("byte 0x%x of RAM is 0x%02x after the reload, 0x%02x in a new machine",
				 i, got[i], want[i]);
	free(want);
	free(got);
	cpu_free(fresh);
}

/* After image A ran, loading image B leaves RAM as a new machine's with B:
 * A's data and its code at RL_OLD are gone.  B then reads 0 at RL_DATA, and
 * at RL_OLD meets a zero word, an illegal instruction, not A's decoded
 * `addi a0, zero, 1; halt`. */
static void test_reload_is_fresh(void **state)
{
	struct rl *r = *state;
	run_a(r);
	char err[200];
	assert_int_equal(cpu_load_image(r->m, r->b, r->blen, NULL, err, sizeof err), 0);
	assert_ram_fresh(r, r->b, r->blen);
	assert_int_equal(cpu_run(r->m, 100), CPU_STOP_HALT);
	assert_int_equal(r->illegal, 1);
	assert_int_equal(r->illegal_pc, RL_OLD);
	assert_int_equal(cpu_exit_status(r->m), 0);
}

/* Reloading the same image runs it again from the start, as the first time. */
static void test_reload_same_image(void **state)
{
	struct rl *r = *state;
	run_a(r);
	run_a(r);
	assert_int_equal(r->illegal, 0);
}

/* A load that fails leaves a machine that ran with all of RAM zero. */
static void test_failed_reload_clears(void **state)
{
	struct rl *r = *state;
	run_a(r);
	char err[200];
	assert_int_equal(cpu_load_image(r->m, r->b, 10, NULL, err, sizeof err), -1);
	assert_ram_fresh(r, NULL, 0);
}

int cpu_tests_reload(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reload_is_fresh, rl_setup, rl_teardown),
		cmocka_unit_test_setup_teardown(test_reload_same_image, rl_setup, rl_teardown),
		cmocka_unit_test_setup_teardown(test_failed_reload_clears, rl_setup, rl_teardown),
	};
	return cmocka_run_group_tests_name("reload", tests, NULL, NULL);
}
