/*
 * test_replay.c - the property time travel rests on: a moment visited
 * again, from anywhere, is the same moment.  The kernel (the first
 * argument) runs a script that takes it through system calls, timer
 * interrupts, context switches between two processes that never yield, a
 * privileged-instruction fault and console input; the machine's whole state
 * is noted at random moments on the way (every register, control register
 * and device register, the timer, a hash of RAM, the console output so
 * far); then the session goes back and forth to those moments, by goto,
 * reverse-stepi, stepi and goto by instruction count, in a random order,
 * and must find each exactly as noted.  And reverse-continue, from random
 * moments, must stop at the last earlier hit of a breakpoint, a catchpoint
 * and a watchpoint, as the forward run found them: never one skipped.
 *
 * Each case runs with the default history and with a tiny one (a snapshot
 * every few thousand steps, a memory bound that forces thinning), so that
 * restores from a thinned history are tested too.  The seed is fixed; set
 * LDX_REPLAY_SEED to try others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug_fixture.h"
static uint64_t seed = 20240611;

static const char script[] = "hello\nspin 200000 & spin 200000\nevil-priv\nhello\nexit\n";

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

struct config {
	const char *name;
	struct dbg_options o;
};

static const struct config configs[] = {
	{ "default history", { .mem = 8u << 20 } },
	{ "tiny history", { .mem = 8u << 20, .interval = 4099, .history_mem = 1u << 20 } },
};

static struct dbg *session(const struct config *c)
{
	return dfx_session(&c->o, script);
}

/* The whole machine at a moment. */
struct moment {
	uint64_t step, instret;
	struct cpu_state st;
	uint64_t ram, out;
	size_t out_len;
};

static uint64_t hash(const uint8_t *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;
	for (size_t i = 0; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x100000001b3ull;
		h ^= h >> 29;
	}
	for (size_t i = n & ~(size_t)7; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static void note(struct dbg *s, struct moment *m)
{
	const struct cpu *c = dbg_cpu(s);
	m->step = dbg_now(s);
	m->instret = cpu_instret(c);
	cpu_save_state(c, &m->st);
	m->ram = hash(cpu_mem_view(c), cpu_mem_size(c));
	const uint8_t *out = dbg_output(s, &m->out_len);
	m->out = hash(out, m->out_len);
}

static void expect(struct dbg *s, const struct moment *want, const char *how)
{
	struct moment got;
	note(s, &got);
	if (got.step != want->step || memcmp(&got.st, &want->st, sizeof got.st) != 0 ||
	    got.ram != want->ram || got.out != want->out || got.out_len != want->out_len)
		fail_msg("step %llu reached by %s: the machine differs (pc 0x%08x, want 0x%08x; "
			 "RAM %s, output %s)", (unsigned long long)want->step, how, got.st.pc,
			 want->st.pc, got.ram == want->ram ? "same" : "differs",
			 got.out == want->out ? "same" : "differs");
}

enum { NPOINTS = 48 };

static int by_step(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* How many steps the script takes (a session run to its end). */
static uint64_t run_length(const struct config *c)
{
	struct dbg *s = session(c);
	struct dbg_stop st;
	assert_int_equal(dbg_continue(s, &st), 0);
	assert_int_equal(st.why, DBG_END);
	uint64_t n = st.step;
	size_t len;
	const uint8_t *out = dbg_output(s, &len);
	/* the script did what it is here for */
	assert_non_null(memmem(out, len, "privileged instruction", 22));
	assert_non_null(memmem(out, len, "loops done", 10));
	assert_non_null(memmem(out, len, "hello, world", 12));
	const struct cpu_stats *cs = cpu_stats(dbg_cpu(s));
	assert_true(cs->traps[TRAP_TIMER] > 20);
	assert_true(cs->traps[TRAP_CONSOLE] > 0);
	assert_true(cs->traps[TRAP_PRIVILEGED] == 1);
	dbg_free(s);
	return n;
}

static void check_travel(const struct config *c)
{
	uint64_t len = run_length(c);
	uint64_t steps[NPOINTS];
	for (unsigned i = 0; i < NPOINTS; i++)
		steps[i] = rnd() % len;
	steps[0] = 0;
	steps[1] = len - 1;
	qsort(steps, NPOINTS, sizeof steps[0], by_step);

	/* Forward, as recorded: note each moment on the way. */
	struct dbg *s = session(c);
	struct moment m[NPOINTS];
	struct dbg_stop st;
	for (unsigned i = 0; i < NPOINTS; i++) {
		uint64_t now = dbg_now(s);
		if (steps[i] > now)
			assert_int_equal(dbg_stepi(s, steps[i] - now, &st), 0);
		assert_int_equal(dbg_now(s), steps[i]);
		note(s, &m[i]);
	}
	assert_int_equal(dbg_continue(s, &st), 0);
	assert_int_equal(st.why, DBG_END);

	/* Back and forth, in a random order, by every way there is. */
	for (unsigned k = 0; k < 3 * NPOINTS; k++) {
		const struct moment *w = &m[rnd() % NPOINTS];
		switch (k % 4) {
		case 0:
			assert_int_equal(dbg_goto(s, w->step, &st), 0);
			expect(s, w, "goto");
			break;
		case 1: {	/* from a little after it, backwards */
			uint64_t back = 1 + rnd() % 5000;
			if (w->step + back > len)
				back = len - w->step;
			assert_int_equal(dbg_goto(s, w->step + back, &st), 0);
			if (back)
				assert_int_equal(dbg_reverse_stepi(s, back, &st), 0);
			expect(s, w, "reverse-stepi");
			break;
		}
		case 2: {	/* from a little before it, forwards */
			uint64_t fwd = w->step < 3000 ? w->step : 1 + rnd() % 3000;
			assert_int_equal(dbg_goto(s, w->step - fwd, &st), 0);
			if (fwd)
				assert_int_equal(dbg_stepi(s, fwd, &st), 0);
			expect(s, w, "stepi");
			break;
		}
		case 3: {	/* by instruction count: the first moment with it */
			assert_int_equal(dbg_goto_instret(s, w->instret, &st), 0);
			assert_int_equal(cpu_instret(dbg_cpu(s)), w->instret);
			assert_true(dbg_now(s) <= w->step);
			assert_int_equal(dbg_goto(s, w->step, &st), 0);
			expect(s, w, "goto by instruction count, then goto");
			break;
		}
		}
	}
	struct dbg_history_stats hs;
	dbg_history(s, &hs);
	assert_true(hs.bytes <= hs.limit);
	if (c->o.history_mem)
		assert_true(hs.thinned > 0);
	dbg_free(s);
}

static void test_travel_default(void **state)
{
	(void)state;
	check_travel(&configs[0]);
}

static void test_travel_tiny(void **state)
{
	(void)state;
	check_travel(&configs[1]);
}

/* The hits of a point, found running forward from the start. */
static unsigned forward_hits(struct dbg *s, uint64_t *at, unsigned max)
{
	struct dbg_stop st;
	unsigned n = 0;
	assert_int_equal(dbg_goto(s, 0, &st), 0);
	while (dbg_continue(s, &st) == 0 && st.why != DBG_END) {
		assert_true(st.why == DBG_BREAKPOINT || st.why == DBG_CATCHPOINT ||
			    st.why == DBG_WATCHPOINT);
		assert_true(n < max);
		at[n++] = st.step;
	}
	assert_int_equal(st.why, DBG_END);
	return n;
}

/* From random moments, reverse-continue stops at the last hit before. */
static void check_reverse_continue(const struct config *c, const char *what)
{
	struct dbg *s = session(c);
	int id;
	if (strncmp(what, "catch ", 6) == 0)
		id = dbg_catch(s, what + 6, NULL);
	else if (strncmp(what, "watch ", 6) == 0)
		id = dbg_watch(s, DBG_PT_WATCH, what + 6, 4, NULL);
	else
		id = dbg_break(s, what, false, NULL);
	assert_true(id > 0);
	enum { MAXHITS = 4096 };
	uint64_t *hits = malloc(MAXHITS * sizeof *hits);
	assert_non_null(hits);
	unsigned n = forward_hits(s, hits, MAXHITS);
	assert_true(n >= 5);
	uint64_t end = dbg_now(s);
	struct dbg_stop st;
	for (unsigned k = 0; k < 24; k++) {
		uint64_t from = k == 0 ? end : rnd() % end;
		if (k % 3 == 1)
			from = hits[rnd() % n];	/* from a hit itself: the one before */
		assert_int_equal(dbg_goto(s, from, &st), 0);
		if (from == 0)
			continue;
		assert_int_equal(dbg_reverse_continue(s, &st), 0);
		unsigned last = n;
		for (unsigned i = 0; i < n; i++)
			if (hits[i] < from)
				last = i;
		if (last == n) {
			assert_int_equal(st.why, DBG_START);
			assert_int_equal(dbg_now(s), 0);
			continue;
		}
		if (st.step != hits[last])
			fail_msg("%s: reverse-continue from step %llu stopped at %llu, the last hit before is %llu",
				 what, (unsigned long long)from, (unsigned long long)st.step,
				 (unsigned long long)hits[last]);
		assert_int_equal(st.point, id);
		/* and again: the hit before that */
		if (last > 0 && k % 4 == 0) {
			assert_int_equal(dbg_reverse_continue(s, &st), 0);
			assert_int_equal(st.step, hits[last - 1]);
		}
	}
	free(hits);
	dbg_free(s);
}

static void test_reverse_continue(void **state)
{
	(void)state;
	static const char *const whats[] = {
		"timer_entry", "swtch", "catch timer", "catch syscall write", "catch switch",
		"watch ticks", "watch runq_head",
	};
	for (unsigned c = 0; c < 2; c++)
		for (unsigned i = 0; i < sizeof whats / sizeof whats[0]; i++)
			check_reverse_continue(&configs[c], whats[i]);
}

int main(int argc, char **argv)
{
	if (!dfx_read_kernel(argc, argv, "test_replay"))
		return 2;
	const char *env = getenv("LDX_REPLAY_SEED");
	if (env && *env)
		seed = strtoull(env, NULL, 0);
	if (!seed)
		seed = 1;
	printf("seed %llu\n", (unsigned long long)seed);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_travel_default),
		cmocka_unit_test(test_travel_tiny),
		cmocka_unit_test(test_reverse_continue),
	};
	int failed = cmocka_run_group_tests_name("replay", tests, NULL, NULL);
	free(dfx_kernel);
	return failed != 0;
}
