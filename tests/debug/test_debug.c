/*
 * test_debug.c - the debug engine (src/debug) on the real kernel
 * (kernel.bin, given as the first argument): running to the end, going to
 * any moment and back to the same state, breakpoints on labels with
 * conditions, catchpoints, watchpoints, reverse-continue stopping at every
 * earlier hit in turn, the stepping commands, and every failure's message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug_fixture.h"
#include "os.h"

struct fx {
	struct dbg *s;
	char out[8192];
	size_t nout;
};

static void on_output(void *ctx, const uint8_t *b, size_t n)
{
	struct fx *f = ctx;
	for (size_t i = 0; i < n && f->nout + 1 < sizeof f->out; i++)
		f->out[f->nout++] = (char)b[i];
	f->out[f->nout] = '\0';
}

/* A session on the kernel with this typed at its shell. */
static struct fx *start(const char *input)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->s = dfx_session(NULL, input);
	dbg_set_output(f->s, on_output, f);
	return f;
}

static void finish_fx(struct fx *f)
{
	dbg_free(f->s);
	free(f);
}

/* Everything about the machine now, to compare two visits of a moment. */
struct seen {
	struct cpu_state st;
	uint64_t ram_hash;
	size_t out_len;
};

static uint64_t fnv(const uint8_t *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

static void look(struct fx *f, struct seen *s)
{
	const struct cpu *m = dbg_cpu(f->s);
	cpu_save_state(m, &s->st);
	s->ram_hash = fnv(cpu_mem_view(m), cpu_mem_size(m));
	dbg_output(f->s, &s->out_len);
}

static void same(const struct seen *a, const struct seen *b)
{
	assert_memory_equal(&a->st, &b->st, sizeof a->st);
	assert_true(a->ram_hash == b->ram_hash);
	assert_int_equal(a->out_len, b->out_len);
}

static uint32_t sym(struct fx *f, const char *name)
{
	struct dbg_value v;
	assert_int_equal(dbg_eval(f->s, name, &v), 0);
	return v.v;
}

/* The kernel boots, runs hello at its shell and powers off: the end, with
 * status 0 and the whole console output; after it, nothing runs. */
static void test_run_to_end(void **state)
{
	(void)state;
	struct fx *f = start("hello\nexit\n");
	struct dbg_stop st;
	assert_int_equal(dbg_continue(f->s, &st), 0);
	assert_int_equal(st.why, DBG_END);
	assert_int_equal(st.exit_status, 0);
	assert_non_null(strstr(f->out, "hello, world"));
	assert_true(dbg_ended(f->s));
	assert_int_equal(dbg_continue(f->s, &st), -1);
	assert_non_null(strstr(dbg_error(f->s), "powered off"));
	assert_int_equal(dbg_stepi(f->s, 1, &st), -1);
	finish_fx(f);
}

/* Going to a moment twice, from before and from after it, finds the same
 * machine (state, RAM, console output); output written is not written
 * again to the front end on a replay. */
static void test_goto_same_state(void **state)
{
	(void)state;
	struct fx *f = start("hello\nexit\n");
	struct dbg_stop st;
	struct seen a, b;
	uint64_t points[] = { 1, 777, 12345, 40000, 60001 };
	assert_int_equal(dbg_continue(f->s, &st), 0);
	size_t printed = f->nout;
	for (unsigned i = 0; i < 5; i++) {
		assert_int_equal(dbg_goto(f->s, points[i], &st), 0);
		assert_int_equal(dbg_now(f->s), points[i]);
		look(f, &a);
		assert_int_equal(dbg_goto(f->s, points[i] + 1000, &st), 0);
		assert_int_equal(dbg_goto(f->s, points[i], &st), 0);
		look(f, &b);
		same(&a, &b);
		assert_int_equal(dbg_reverse_stepi(f->s, 1, &st), 0);
		assert_int_equal(dbg_now(f->s), points[i] - 1);
		assert_int_equal(dbg_stepi(f->s, 1, &st), 0);
		look(f, &b);
		same(&a, &b);
	}
	assert_int_equal(f->nout, printed);
	finish_fx(f);
}

/* At step 0 there is nothing to reverse into. */
static void test_reverse_at_start(void **state)
{
	(void)state;
	struct fx *f = start("");
	struct dbg_stop st;
	assert_int_equal(dbg_reverse_stepi(f->s, 1, &st), -1);
	assert_string_equal(dbg_error(f->s), "nothing to reverse into: this is the start of the run (step 0)");
	assert_int_equal(dbg_reverse_continue(f->s, &st), -1);
	assert_int_equal(dbg_reverse_nexti(f->s, 1, &st), -1);
	finish_fx(f);
}

/* A breakpoint on a label stops there every time; reverse-continue from
 * the last hit stops at each earlier one in turn, then at the start. */
static void test_break_and_reverse_continue(void **state)
{
	(void)state;
	struct fx *f = start("hello\nexit\n");
	uint32_t swtch = sym(f, "swtch");
	int id = dbg_break(f->s, "swtch", false, NULL);
	assert_true(id > 0);
	struct dbg_stop st;
	uint64_t hits[64];
	unsigned n = 0;
	while (dbg_continue(f->s, &st) == 0 && st.why == DBG_BREAKPOINT && n < 64) {
		assert_int_equal(st.point, id);
		assert_int_equal(cpu_pc(dbg_cpu(f->s)), swtch);
		hits[n++] = st.step;
	}
	assert_int_equal(st.why, DBG_END);
	assert_true(n >= 3);
	for (unsigned i = n; i-- > 0;) {
		assert_int_equal(dbg_reverse_continue(f->s, &st), 0);
		assert_int_equal(st.why, DBG_BREAKPOINT);
		assert_int_equal(st.step, hits[i]);
		assert_int_equal(cpu_pc(dbg_cpu(f->s)), swtch);
	}
	assert_int_equal(dbg_reverse_continue(f->s, &st), 0);
	assert_int_equal(st.why, DBG_START);
	assert_int_equal(dbg_now(f->s), 0);
	finish_fx(f);
}

/* Conditions: on the pid (the one the kernel runs) and on registers. */
static void test_conditions(void **state)
{
	(void)state;
	struct fx *f = start("hello\nexit\n");
	int id = dbg_break(f->s, "swtch", false, "pid == 2");
	assert_true(id > 0);
	struct dbg_stop st;
	assert_int_equal(dbg_continue(f->s, &st), 0);
	assert_int_equal(st.why, DBG_BREAKPOINT);
	assert_int_equal(cpu_pid(dbg_cpu(f->s)), 2);
	assert_int_equal(dbg_condition(f->s, id, "a0 == 0 && pid == 2"), 0);
	assert_int_equal(dbg_condition(f->s, id, "nosuch == 1"), -1);
	assert_string_equal(dbg_error(f->s), "no symbol 'nosuch' in the kernel (nor a register)");
	assert_int_equal(dbg_break(f->s, "swtchh", false, NULL), -1);
	assert_string_equal(dbg_error(f->s), "no symbol 'swtchh' in the kernel (nor a register)");
	assert_int_equal(dbg_break(f->s, "0x7fffffff0", false, NULL), -1);
	assert_int_equal(dbg_break(f->s, "0x10000000", false, NULL), -1);
	assert_non_null(strstr(dbg_error(f->s), "not in RAM"));
	assert_int_equal(dbg_break(f->s, "swtch+2", false, NULL), -1);
	assert_non_null(strstr(dbg_error(f->s), "multiple of 4"));
	/* an expression nested past any real one is refused, not recursed
	 * into until the stack runs out (vm dap's evaluate reached it) */
	struct dbg_value v;
	size_t deep = 200000;
	char *text = malloc(2 * deep + 2);
	assert_non_null(text);
	for (int k = 0; k < 3; k++) {
		memset(text, "(-*"[k], deep);
		text[deep] = '1';
		memset(text + deep + 1, ')', k ? 0 : deep);
		text[deep + 1 + (k ? 0 : deep)] = '\0';
		assert_int_equal(dbg_eval(f->s, text, &v), -1);
		assert_non_null(strstr(dbg_error(f->s), "nested"));
	}
	free(text);
	assert_int_equal(dbg_eval(f->s, "((((-(1))))) + --2", &v), 0);
	assert_int_equal(v.v, 1);
	finish_fx(f);
}

/* Catchpoints: a trap cause, a system call by name, kernel events. */
static void test_catch(void **state)
{
	(void)state;
	struct fx *f = start("hello\nexit\n");
	struct dbg_stop st;
	int timer = dbg_catch(f->s, "timer", NULL);
	assert_true(timer > 0);
	assert_int_equal(dbg_continue(f->s, &st), 0);
	assert_int_equal(st.why, DBG_CATCHPOINT);
	assert_int_equal(st.point, timer);
	assert_int_equal(st.event.kind, CPU_EV_TRAP);
	assert_int_equal(st.event.cause, TRAP_TIMER);
	assert_int_equal(cpu_pc(dbg_cpu(f->s)), st.event.handler);
	assert_int_equal(dbg_delete(f->s, timer), 0);

	int wr = dbg_catch(f->s, "syscall write", NULL);
	assert_true(wr > 0);
	assert_int_equal(dbg_continue(f->s, &st), 0);
	assert_int_equal(st.why, DBG_CATCHPOINT);
	assert_int_equal(cpu_reg(dbg_cpu(f->s), REG_t0), SYS_NUM_write);
	assert_int_equal(dbg_enable(f->s, wr, false), 0);

	int sw = dbg_catch(f->s, "exit", NULL);
	assert_true(sw > 0);
	assert_int_equal(dbg_continue(f->s, &st), 0);
	assert_int_equal(st.why, DBG_CATCHPOINT);
	assert_int_equal(st.event.kind, CPU_EV_OS);
	assert_int_equal(st.event.code, OSEV_EXIT);

	assert_int_equal(dbg_catch(f->s, "syscall nosuch", NULL), -1);
	assert_string_equal(dbg_error(f->s), "no system call named 'nosuch' (syscalls.def)");
	assert_int_equal(dbg_catch(f->s, "lunch", NULL), -1);
	assert_int_equal(dbg_delete(f->s, 99), -1);
	assert_string_equal(dbg_error(f->s), "no breakpoint, watchpoint or catchpoint number 99");
	finish_fx(f);
}

/* A watchpoint on a kernel variable stops right after the step that
 * changed it, old and new values given; reverse-continue finds the change
 * before. */
static void test_watch_kernel_variable(void **state)
{
	(void)state;
	struct fx *f = start("hello\nexit\n");
	struct dbg_stop st;
	uint32_t next_pid = sym(f, "next_pid");
	int id = dbg_watch(f->s, DBG_PT_WATCH, "next_pid", 4, NULL);
	assert_true(id > 0);
	uint64_t when[8];
	uint32_t vals[8];
	unsigned n = 0;
	while (dbg_continue(f->s, &st) == 0 && st.why == DBG_WATCHPOINT && n < 8) {
		uint32_t oldv, newv, now;
		memcpy(&oldv, st.old_bytes, 4);
		memcpy(&newv, st.new_bytes, 4);
		assert_true(cpu_read(dbg_cpu(f->s), next_pid, &now, 4));
		assert_int_equal(newv, now);
		assert_true(oldv != newv);
		when[n] = st.step;
		vals[n++] = newv;
	}
	assert_int_equal(st.why, DBG_END);
	assert_true(n >= 2);	/* boot sets it, then init's and sh's forks */
	for (unsigned i = n; i-- > 1;) {
		assert_int_equal(dbg_reverse_continue(f->s, &st), 0);
		assert_int_equal(st.why, DBG_WATCHPOINT);
		assert_int_equal(st.step, when[i]);
		uint32_t v;
		assert_true(cpu_read(dbg_cpu(f->s), next_pid, &v, 4));
		assert_int_equal(v, vals[i]);
	}
	finish_fx(f);
}

/* In a routine (sched): finish returns from it to its caller, in the
 * caller's frame; reverse-finish goes back to the call; nexti over the call
 * comes back after it, in the same frame, and reverse-nexti back again. */
static void test_next_and_finish(void **state)
{
	(void)state;
	struct fx *f = start("hello\nexit\n");
	const struct cpu *m = dbg_cpu(f->s);
	struct dbg_stop st;
	int id = dbg_break(f->s, "sched", false, NULL);
	assert_true(id > 0);
	assert_int_equal(dbg_continue(f->s, &st), 0);
	assert_int_equal(st.why, DBG_BREAKPOINT);
	assert_int_equal(dbg_delete(f->s, id), 0);
	uint32_t sp = cpu_reg(m, REG_sp);
	struct dbg_frame fr[4];
	assert_true(dbg_backtrace(f->s, fr, 4) >= 2);
	uint32_t ret = fr[1].pc;	/* where sched returns to */
	uint64_t in_sched = dbg_now(f->s);

	assert_int_equal(dbg_finish(f->s, &st), 0);
	assert_int_equal(st.why, DBG_DONE);
	assert_int_equal(cpu_pc(m), ret);
	assert_true(cpu_reg(m, REG_sp) >= sp);

	assert_int_equal(dbg_goto(f->s, in_sched, &st), 0);
	assert_int_equal(dbg_reverse_finish(f->s, &st), 0);
	assert_int_equal(st.why, DBG_DONE);
	assert_int_equal(cpu_pc(m), ret - 4);
	assert_int_equal(dbg_now(f->s), in_sched - 1);	/* a call is one step */
	uint32_t sp_call = cpu_reg(m, REG_sp);

	assert_int_equal(dbg_nexti(f->s, 1, &st), 0);
	assert_int_equal(st.why, DBG_DONE);
	assert_int_equal(cpu_pc(m), ret);
	assert_int_equal(cpu_reg(m, REG_sp), sp_call);
	assert_true(dbg_now(f->s) > in_sched);

	assert_int_equal(dbg_reverse_nexti(f->s, 1, &st), 0);
	assert_int_equal(cpu_pc(m), ret - 4);
	assert_int_equal(dbg_now(f->s), in_sched - 1);
	finish_fx(f);
}

/* goto an instruction count: the first moment that many had retired. */
static void test_goto_instret(void **state)
{
	(void)state;
	struct fx *f = start("hello\nexit\n");
	struct dbg_stop st;
	assert_int_equal(dbg_goto_instret(f->s, 30000, &st), 0);
	assert_int_equal(cpu_instret(dbg_cpu(f->s)), 30000);
	uint64_t at = dbg_now(f->s);
	assert_int_equal(dbg_reverse_stepi(f->s, 1, &st), 0);
	assert_int_equal(cpu_instret(dbg_cpu(f->s)), 29999);
	assert_int_equal(dbg_goto_instret(f->s, 30000, &st), 0);
	assert_int_equal(dbg_now(f->s), at);
	finish_fx(f);
}

/* catch trap and catch iret: any trap entry, any return-from-trap. */
static void test_catch_trap_iret(void **state)
{
	(void)state;
	struct fx *f = start("hello\nexit\n");
	struct dbg_stop st;
	int trap = dbg_catch(f->s, "trap", NULL), iret = dbg_catch(f->s, "iret", NULL);
	assert_true(trap > 0 && iret > 0);
	/* the boot's return into init, then its first system call */
	assert_int_equal(dbg_continue(f->s, &st), 0);
	assert_int_equal(st.why, DBG_CATCHPOINT);
	assert_int_equal(st.point, iret);
	assert_int_equal(st.event.kind, CPU_EV_IRET);
	assert_true(cpu_user_mode(dbg_cpu(f->s)));
	assert_int_equal(dbg_continue(f->s, &st), 0);
	assert_int_equal(st.point, trap);
	assert_int_equal(st.event.kind, CPU_EV_TRAP);
	assert_false(cpu_user_mode(dbg_cpu(f->s)));
	assert_int_equal(dbg_catch(f->s, "iret now", NULL), -1);
	assert_string_equal(dbg_error(f->s), "catch iret takes nothing after it");
	finish_fx(f);
}

/* dbg_run, a continue in slices: DBG_LIMIT when the steps run out; a
 * slice that ends on a breakpoint stops at it in the next (not leaving),
 * one that leaves it goes on; the same moments as one continue. */
static void test_run_in_slices(void **state)
{
	(void)state;
	struct fx *f = start("hello\nexit\n"), *g = start("hello\nexit\n");
	struct dbg_stop st;
	int entry = dbg_break(f->s, "syscall_entry", false, NULL);
	assert_true(entry > 0);
	assert_true(dbg_break(g->s, "syscall_entry", false, NULL) > 0);
	assert_int_equal(dbg_run(f->s, 10, true, &st), 0);
	assert_int_equal(st.why, DBG_LIMIT);
	assert_int_equal(dbg_now(f->s), 10);
	for (int hit = 0; hit < 3; hit++) {
		assert_int_equal(dbg_continue(g->s, &st), 0);
		assert_int_equal(st.why, DBG_BREAKPOINT);
		uint64_t at = dbg_now(g->s);
		bool leaving = hit > 0;
		do {
			/* slices of 997, one of them ending on the breakpoint */
			uint64_t left = at - dbg_now(f->s);
			assert_int_equal(dbg_run(f->s, left > 997 ? 997 : left ? left : 1, leaving, &st), 0);
			leaving = false;
		} while (st.why == DBG_LIMIT);
		assert_int_equal(st.why, DBG_BREAKPOINT);
		assert_int_equal(dbg_now(f->s), at);
	}
	/* over a call, in slices: DBG_DONE at the instruction after it */
	assert_int_equal(dbg_delete(f->s, entry), 0);
	int id = dbg_break(f->s, "sched", false, NULL);
	assert_int_equal(dbg_run(f->s, UINT64_MAX, true, &st), 0);
	assert_int_equal(st.why, DBG_BREAKPOINT);
	assert_int_equal(dbg_delete(f->s, id), 0);
	assert_int_equal(dbg_reverse_stepi(f->s, 1, &st), 0);	/* on the call */
	const struct cpu *m = dbg_cpu(f->s);
	uint32_t pc = cpu_pc(m), sp = cpu_reg(m, REG_sp);
	assert_true(dbg_over_begin(f->s));
	do
		assert_int_equal(dbg_run(f->s, 50, false, &st), 0);
	while (st.why == DBG_LIMIT);
	dbg_over_end(f->s);
	assert_int_equal(st.why, DBG_DONE);
	assert_int_equal(cpu_pc(m), pc + 4);
	assert_int_equal(cpu_reg(m, REG_sp), sp);
	finish_fx(f);
	finish_fx(g);
}

/* A guest that sleeps waiting for input that has not come stops dbg_run
 * (DBG_INTERRUPTED, dbg_waiting); input given, it goes on. */
static void test_run_waits_for_input(void **state)
{
	(void)state;
	struct dbg *s = dbg_new(dfx_kernel, dfx_kernel_len, NULL, NULL, 0);
	assert_non_null(s);
	struct dbg_stop st;
	do
		assert_int_equal(dbg_run(s, 1u << 20, true, &st), 0);
	while (st.why == DBG_LIMIT);
	assert_int_equal(st.why, DBG_INTERRUPTED);
	assert_true(dbg_waiting(s));
	assert_true(dbg_input(s, "exit 3\n", 7));
	assert_false(dbg_waiting(s));
	dbg_input_close(s);
	do
		assert_int_equal(dbg_run(s, 1u << 20, false, &st), 0);
	while (st.why == DBG_LIMIT);
	assert_int_equal(st.why, DBG_END);
	assert_int_equal(st.exit_status, 3);
	dbg_free(s);
}

/* Source lines: a label's address is the first instruction of its line in
 * both directions; a program's line is its virtual address, and a
 * breakpoint on it stops in the program; the failure modes say why. */
static void test_source_lines(void **state)
{
	(void)state;
	struct dbg *s = dfx_session(NULL, "hello\nexit\n");
	struct dbg_value v;
	struct dbg_source src;
	uint32_t addrs[4];
	assert_int_equal(dbg_eval(s, "sched", &v), 0);
	assert_true(dbg_source_in(s, NULL, v.v, &src));
	assert_string_equal(src.file, "src/os/proc.s");
	assert_non_null(src.text);
	assert_int_equal(dbg_lines_to_addrs(s, "os/proc.s", src.line, addrs, 4), 1);
	assert_int_equal(addrs[0], v.v);
	assert_int_equal(dbg_lines_to_addrs(s, "/somewhere/src/os/proc.s", src.line, addrs, 4), 1);
	/* a breakpoint by the path an editor has, however deep its folder */
	char deep[1024] = "";
	for (int k = 0; k < 200; k++)
		strcat(deep, "/d");
	snprintf(deep + strlen(deep), sizeof deep - strlen(deep), "/src/os/proc.s:%u", src.line);
	int deep_id = dbg_break(s, deep, false, NULL);
	if (deep_id <= 0)
		fail_msg("break %s: %s", deep, dbg_error(s));
	assert_int_equal(dbg_delete(s, deep_id), 0);
	assert_int_equal(dbg_lines_to_addrs(s, "roc.s", src.line, addrs, 4), 0);	/* not a suffix from a '/' */
	assert_string_equal(dbg_error(s), "no source file 'roc.s' in the image or its programs");
	assert_int_equal(dbg_lines_to_addrs(s, "print.s", 1, addrs, 4), 0);
	assert_non_null(strstr(dbg_error(s), "programs"));
	/* a line with no code */
	unsigned n;
	assert_true(dbg_source_line(s, "proc.s", 1, &src, &n));
	assert_true(n > 100);
	assert_int_equal(dbg_lines_to_addrs(s, "proc.s", 1, addrs, 4), 0);
	assert_true(strncmp(dbg_error(s), "no code at proc.s:1; the next line with code is ", 48) == 0);
	assert_false(dbg_source_line(s, "proc.s", n + 1, &src, NULL));
	/* a program's line: stop there, in user mode, at that line */
	assert_true(dbg_eval(s, "hello:main", &v) == 0 && dbg_source_in(s, "hello", v.v, &src));
	assert_string_equal(src.file, "programs/hello.s");
	char loc[64];
	snprintf(loc, sizeof loc, "hello.s:%u", src.line);
	assert_true(dbg_break(s, loc, false, NULL) > 0);
	struct dbg_stop st;
	assert_int_equal(dbg_continue(s, &st), 0);
	assert_int_equal(st.why, DBG_BREAKPOINT);
	assert_true(cpu_user_mode(dbg_cpu(s)));
	assert_int_equal(cpu_pc(dbg_cpu(s)), v.v);
	struct dbg_source here;
	assert_true(dbg_source_at(s, cpu_pc(dbg_cpu(s)), &here));
	assert_int_equal(here.line, src.line);
	dbg_free(s);
}

/* An image without line tables: every source question fails, clearly. */
static void test_no_line_table(void **state)
{
	(void)state;
	struct img im;
	char err[160];
	assert_int_equal(img_parse(&im, dfx_kernel, dfx_kernel_len, err, sizeof err), 0);
	size_t len;
	uint8_t *bare = img_strip(&im, &len);
	struct dbg *s = dbg_new(bare, len, NULL, err, sizeof err);
	assert_non_null(s);
	struct dbg_source src;
	uint32_t a;
	assert_false(dbg_source_at(s, cpu_pc(dbg_cpu(s)), &src));
	assert_int_equal(dbg_lines_to_addrs(s, "trap.s", 1, &a, 1), 0);
	assert_string_equal(dbg_error(s), "no source file 'trap.s': the image has no line table (vm asm --no-lines?)");
	assert_int_equal(dbg_break(s, "trap.s:10", false, NULL), -1);
	dbg_free(s);
	free(bare);
}

int main(int argc, char **argv)
{
	if (!dfx_read_kernel(argc, argv, "test_debug"))
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_to_end),
		cmocka_unit_test(test_goto_same_state),
		cmocka_unit_test(test_reverse_at_start),
		cmocka_unit_test(test_break_and_reverse_continue),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_catch),
		cmocka_unit_test(test_watch_kernel_variable),
		cmocka_unit_test(test_next_and_finish),
		cmocka_unit_test(test_goto_instret),
		cmocka_unit_test(test_catch_trap_iret),
		cmocka_unit_test(test_source_lines),
		cmocka_unit_test(test_no_line_table),
		cmocka_unit_test(test_run_in_slices),
		cmocka_unit_test(test_run_waits_for_input),
	};
	int failed = cmocka_run_group_tests_name("debug", tests, NULL, NULL);
	free(dfx_kernel);
	return failed != 0;
}
